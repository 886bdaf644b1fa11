"""A crawl shared by several workers through Redis (`NEWSCRAWL_DISTRIBUTED`).

`job`: the settings a worker turns on (`configure`) and the shared job's bookkeeping (`Job`:
who holds which request, heartbeats, requeueing a dead worker's work). `scheduler`: the
scrapy-redis scheduler that records each popped request with the job.
"""
