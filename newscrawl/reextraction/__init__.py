"""Items without a crawl: `extract(html, url)` for one page, and re-extraction of stored pages.

`api`: the page object + the crawl's own item pipelines on a crawler that never starts an
engine (so `newscrawl.extract` gives what a crawl exports). `saved`: stored pages (a snapshot,
a Scrapy HTTP cache, `.html` files); `archived`: a run's web archive (`.wacz`) as stored pages.
`cli`: `scrapy extract` / `python -m newscrawl.extractor`.
"""
