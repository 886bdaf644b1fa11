"""Items without a crawl: `extract(html, url)` for one page, and re-extraction of stored pages.

`api`: the page object + the crawl's own item pipelines on a crawler that never starts an
engine (so `newscrawl.extract` gives what a crawl exports). `saved`: stored pages (a snapshot,
a Scrapy HTTP cache, `.html` files). `cli`: `scrapy extract` / `python -m newscrawl.extractor`.
"""
