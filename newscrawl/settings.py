"""Scrapy settings for newscrawl. Every project knob is here, prefixed `NEWSCRAWL_`."""

from newscrawl.items import EXPORTED_FIELDS as _EXPORTED_FIELDS
from newscrawl.items import TOMBSTONE_FIELDS as _TOMBSTONE_FIELDS

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"

# --- Identity and politeness toward the real site (framework defaults are not polite) ---
USER_AGENT = "newscrawl/1.0 (news archive crawler for newsmoris.com; Scrapy)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50 % around DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
COOKIES_ENABLED = False
# Outputs of one response processed at once: Scrapy starts this many asyncio tasks for every
# response, and the pipelines are synchronous, so more buys nothing; its default of 100 took
# about 5 % of a backfill's CPU in a profile.
CONCURRENT_ITEMS = 16
DUPEFILTER_DEBUG = False
# Scrapy checks that a generator callback returns no value by reading its source
# (inspect.getsource + ast.parse) on every response: its cache is keyed on the bound method,
# which is new for each request. 7 % of a backfill's CPU in a profile. The check is a test here
# (tests/test_settings.py), once, on every callback of the spider.
WARN_ON_GENERATOR_RETURN_VALUE = False

# Applied by the spider when the target is the bundled snapshot or a loopback/mirror server
# (no remote site to be polite to): full speed.
NEWSCRAWL_LOCAL_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}
NEWSCRAWL_LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1"]

# --- Unsafe or noisy defaults off (the telnet console listens on a port with a known default) ---
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- Components ---
DOWNLOADER_MIDDLEWARES = {
    # every request, redirects included, stays on the spider's root (before robots.txt)
    "newscrawl.downloadermiddlewares.site_boundary.SiteBoundaryMiddleware": 40,
    # undeclared, non-UTF-8 HTML read as NEWSCRAWL_UNDECLARED_ENCODING (after gunzip, 590)
    "newscrawl.downloadermiddlewares.encoding.UndeclaredEncodingMiddleware": 570,
    # every response as received into the run's web archive (NEWSCRAWL_ARCHIVE), on the
    # network side of decompression (590), redirects (600) and retries (550)
    "newscrawl.downloadermiddlewares.archive.WebArchiveMiddleware": 880,
    # -a snapshot=DIR|run.wacz: answer from the snapshot or archive instead of the network
    "newscrawl.downloadermiddlewares.snapshot.SnapshotDownloaderMiddleware": 950,
}
SPIDER_MIDDLEWARES = {
    # a callback's exception costs its page (counted, one log line), never the crawl
    "newscrawl.spidermiddlewares.callback_errors.CallbackErrorsMiddleware": 950,
}
# Scrapy's MemoryStatsCollector without the shim it runs on every attribute read
STATS_CLASS = "newscrawl.statscollectors.FastMemoryStatsCollector"
EXTENSIONS = {
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,  # close monitors, before StatsFile
    "newscrawl.extensions.crawl_delay.RobotsCrawlDelay": 600,  # robots.txt Crawl-delay
    "newscrawl.extensions.stats_file.StatsFile": 900,
    "newscrawl.extensions.gc_freeze.GcFreeze": 950,  # long-lived objects out of the GC's walk
}
NEWSCRAWL_GC_FREEZE = True
# Final stats as JSON, for schedulers and tests (empty: not written).
NEWSCRAWL_STATS_FILE = ""

ITEM_PIPELINES = {
    "newscrawl.pipelines.strip_chrome.StripChromePipeline": 100,
    "newscrawl.pipelines.dates.DatesPipeline": 200,
    "newscrawl.pipelines.datelines.DatelinePipeline": 300,
    "newscrawl.pipelines.finalise.FinalisePipeline": 400,
    "newscrawl.pipelines.dedupe.DedupePipeline": 500,
    "newscrawl.pipelines.validate.SchemaValidationPipeline": 600,
    # assigns `revision`, drops unchanged articles, commits the state once feeds are published
    "newscrawl.pipelines.state.CrawlStatePipeline": 700,
}

# --- Navigation ---
# Archive kinds the spider paginates through (tag and author archives are subsets of these).
NEWSCRAWL_LISTING_KINDS = ["home", "category", "latest-news"]

# --- Output: one JSON object per article per line, real UTF-8 characters ---
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(_EXPORTED_FIELDS)  # contract order
# Articles only; tombstones (articles found deleted or moved, README "Deletions and moves") go
# to the sibling `<feed>.deleted.jsonl`, so an article consumer never meets another shape.
# `scrapy crawl -o/-O FILE.jsonl` gets the same pair (newscrawl/commands/crawl.py).
FEEDS = {
    "output/%(name)s/%(time)s.jsonl": {
        "format": "jsonlines", "encoding": "utf-8",
        "item_classes": ["newscrawl.items.ArticleItem"],
    },
    "output/%(name)s/%(time)s.deleted.jsonl": {
        "format": "jsonlines", "encoding": "utf-8",
        "item_classes": ["newscrawl.items.TombstoneItem"],
        "fields": list(_TOMBSTONE_FIELDS),
    },
}

# The run's web archive (README "Web archive"): every response as received (robots.txt,
# sitemaps, feeds, listings, articles), packed as WACZ and published atomically when the run
# ends. Empty: off. `%(name)s` and `%(time)s` as in FEEDS, e.g.
# "output/%(name)s/%(time)s.wacz" beside the feed. `-a archive=PATH.wacz` sets it for one run.
NEWSCRAWL_ARCHIVE = ""

# --- Logging ---
LOG_LEVEL = "INFO"

# --- Reliability: retries, limits, exit status, monitoring ---
# (docs/operations.md "Reliability". Retries: RETRY_TIMES / RETRY_HTTP_CODES above; 404/410
# are not retried.)

# Output is published atomically: written to `<file>.<pid>-<token>.tmp` beside it and renamed
# when the feed closes, so consumers never read a partial file. Partial temp files left by a
# killed run are removed by the next run writing there (True: kept), logged and counted.
FEED_STORAGES = {
    "": "newscrawl.feedstorage.AtomicFileFeedStorage",
    "file": "newscrawl.feedstorage.AtomicFileFeedStorage",
}
NEWSCRAWL_FEED_KEEP_STALE_TEMP = False

# `scrapy crawl` exits non-zero when the run failed (newscrawl/commands/crawl.py has the codes).
COMMANDS_MODULE = "newscrawl.commands"
NEWSCRAWL_MAX_ERRORS = 10  # ERROR log records tolerated (negative: no limit) → exit 4
NEWSCRAWL_MAX_INVALID_RATE = 0.05  # share of items dropped by schema validation → exit 5
NEWSCRAWL_MAX_INVALID_FIELD_RATE = 0.05  # items with one optional field emptied → monitor, exit 7
NEWSCRAWL_MIN_ITEMS = 0  # items a run must export → exit 6 (0: a quiet news day is fine)
NEWSCRAWL_MAX_FALLBACK_RATE = 0.1  # article pages by fallback or unreadable → monitor, exit 7

# Limits: a stuck or runaway run ends with a finish reason other than `finished` → exit 3.
# DOWNLOAD_TIMEOUT (30 s), DOWNLOAD_MAXSIZE and DOWNLOAD_WARNSIZE are set above.
# Seconds without an exported item: stuck or blocked. It counts exported items only, so a
# backfill (which confirms known articles unchanged for hours) runs without it.
CLOSESPIDER_TIMEOUT_NO_ITEM = 1800
MEMUSAGE_ENABLED = True
MEMUSAGE_WARNING_MB = 512  # a 5,000-page crawl peaked at 134-231 MiB (Scrapy 2.19, measured)
MEMUSAGE_LIMIT_MB = 1536

# Politeness: robots.txt is obeyed (ROBOTSTXT_OBEY above); its Crawl-delay is honoured too,
# capped at this many seconds.
NEWSCRAWL_MAX_CRAWL_DELAY = 60.0

# Pages that declare no encoding and are not UTF-8 are read as this (what browsers do for
# English/French), not guessed: the guess turned a latin-1 "à" into "ą".
NEWSCRAWL_UNDECLARED_ENCODING = "cp1252"

# The zone `published` and `modified` are printed in, and naive dates read in: an IANA name
# (`Europe/Berlin`) or a fixed offset (`+05:30`). Empty: the site's own, i.e. Indian/Mauritius
# on newsmoris.com; on another site the zone of its WordPress REST root (`/wp-json/`:
# `timezone_string`, else `gmt_offset`), read once at the start of a crawl, else the offset its
# pages declare through their dates, else Indian/Mauritius. The instant never changes.
NEWSCRAWL_TIMEZONE = ""

# HTTP cache: off for scheduled runs (they must see the live site). For development, replay
# pages instead of re-fetching them: `scrapy crawl site -s HTTPCACHE_ENABLED=True`.
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"  # under .scrapy/
HTTPCACHE_EXPIRATION_SECS = 0  # never expire while developing; delete the dir to refresh
HTTPCACHE_IGNORE_HTTP_CODES = [408, 429, 500, 502, 503, 504, 522, 524]

# Monitoring (spidermon) at spider close: results in the stats (`newscrawl/monitors/*`) and in
# `<output>.report.txt` (or NEWSCRAWL_MONITOR_REPORT); a failed monitor → exit 7.
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newscrawl.monitors.SpiderCloseMonitorSuite"]
NEWSCRAWL_MONITOR_REPORT = ""
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished"]
SPIDERMON_ADD_FIELD_COVERAGE = True
SPIDERMON_FIELD_COVERAGE_SKIP_NONE = True  # null (image, subtitle) is "not covered"
SPIDERMON_FIELD_COVERAGE_SKIP_IF_NO_ITEM = True  # a quiet day has no coverage to check
# Partial floors (below 1.0) are checked only on runs with at least this many items.
NEWSCRAWL_COVERAGE_MIN_ITEMS = 20
SPIDERMON_FIELD_COVERAGE_RULES = {
    "ArticleItem/url": 1.0,
    "ArticleItem/title": 1.0,
    "ArticleItem/body": 1.0,
    "ArticleItem/published": 1.0,
    "ArticleItem/authors": 0.8,  # floor: the theme's byline or JSON-LD author
    "ArticleItem/image": 0.5,  # floor: some stories have no featured image
}
SPIDERMON_MAX_RETRIES = 10  # requests that exhausted RETRY_TIMES
# robots.txt and at least one discovery page: fewer means the site is down or unreachable
# (a run with no item at all is otherwise fine: NEWSCRAWL_MIN_ITEMS is 0).
SPIDERMON_MIN_SUCCESSFUL_REQUESTS = 2
# 403/429 spikes mean the site is blocking or rate-limiting us: at most min(count, share).
SPIDERMON_UNWANTED_HTTP_CODES = {
    403: {"max_count": 20, "max_percentage": 0.1},
    429: {"max_count": 20, "max_percentage": 0.1},
}

# --- Scheduled runs: discovery, modes, crawl state ---
# (docs/operations.md "Scheduled runs". Modes are spider arguments: -a mode=latest|backfill,
# -a since=YYYY-MM-DD -a until=YYYY-MM-DD (backfill only), -a reset_state=1.)
# The crawl state (SQLite; empty: no state, every run is a first run). One run at a time.
# `%(target)s` is the site's host (`newsmoris.com`, `127.0.0.1_8000`), offline
# `snapshot-<directory name>`.
NEWSCRAWL_STATE_PATH = "state/%(target)s.sqlite"
# Where the state lives: "sqlite" (the file above, one machine) or "redis" (shared by every
# machine that schedules the crawl; the same content and semantics, docs/operations.md
# "Running on several machines"). The Redis run lock expires after NEWSCRAWL_STATE_LOCK_TTL
# seconds unless renewed, so a killed run does not lock out the next one for ever.
NEWSCRAWL_STATE_BACKEND = "sqlite"
NEWSCRAWL_REDIS_URL = "redis://127.0.0.1:6379/0"
NEWSCRAWL_REDIS_PREFIX = "newscrawl"  # every key: <prefix>:state:<target>:…, <prefix>:job:<job>:…
NEWSCRAWL_STATE_LOCK_TTL = 60.0
# Every Redis command (state, lock, shared queue, dupefilter, job) is retried with backoff for
# up to this many seconds while Redis is unreachable (restarting, replaying its AOF); beyond
# it the run stops: nothing committed, no feed published, exit 9 (newscrawl.redis_client).
NEWSCRAWL_REDIS_RETRY_SECONDS = 60.0
# A crawl shared by several workers (scrapy-redis queue and dupefilter, Redis state): each
# article is exported once across the workers' outputs. Workers of one job share the job
# name (`%(target)s`: the site's host); each needs its own NEWSCRAWL_WORKER_ID (empty: the
# host name). A worker whose heartbeat is silent for NEWSCRAWL_WORKER_TTL seconds is dead:
# its popped requests go back to the queue. NEWSCRAWL_WORKERS (how many run at once) scales
# each worker's delays so that together they stay as polite as one.
NEWSCRAWL_DISTRIBUTED = False
NEWSCRAWL_DISTRIBUTED_JOB = "%(target)s"
NEWSCRAWL_WORKER_ID = ""
NEWSCRAWL_WORKER_TTL = 30.0
NEWSCRAWL_WORKERS = 1
# Discovery sources: sitemaps (robots.txt → index → post/news sitemaps), feeds (/feed/,
# ?paged=N, category feeds in full runs), archives (home, latest-news, category pagination),
# links (translations and related articles on fetched article pages).
NEWSCRAWL_DISCOVERY = ["sitemaps", "feeds", "archives", "links"]
# In a full run, article pages read after every sitemap was read are not searched for links
# (the sitemaps list every article): True searches them anyway.
NEWSCRAWL_LINKS_AFTER_SITEMAPS = False
# In a full run, once every sitemap was read, a paginated listing (archive, feed, REST) stops
# after this many pages in a row listing only articles other sources had listed: the sitemaps
# hold its back catalogue. An archive stopped so has its last page read: if that lists
# articles no sitemap did, the archive is read to its end. 0: every page of every listing.
NEWSCRAWL_LISTING_KNOWN_PAGES = 3
NEWSCRAWL_USE_REST_API = False  # also read /wp-json/wp/v2/posts where the site exposes it
NEWSCRAWL_REST_PER_PAGE = 100
NEWSCRAWL_FEED_PATHS = ["/feed/"]
# Read when robots.txt has no Sitemap: line (Yoast, then WordPress core sitemaps).
NEWSCRAWL_SITEMAP_FALLBACKS = ["/sitemap_index.xml", "/wp-sitemap.xml"]
# Child sitemaps that list posts (regexes); page/category/tag/author sitemaps are not read.
NEWSCRAWL_SITEMAP_FOLLOW = [
    r"/post-sitemap\d*\.xml",
    r"news-sitemap",
    r"sitemap-news",
    r"/wp-sitemap-posts-post-\d+\.xml",
]
# Archives a latest run reads the first pages of (full runs: all NEWSCRAWL_LISTING_KINDS).
# Categories too: a tagDiv home loop may leave a category out, and on a site without feeds or
# sitemaps its new posts would otherwise wait for a backfill (one request per category).
NEWSCRAWL_LATEST_LISTING_KINDS = ["home", "latest-news", "category"]
# Safety cap on pages per paginated source in a latest run (it stops earlier, at the first
# page holding only known, unchanged articles).
NEWSCRAWL_LATEST_MAX_PAGES = 50

# Deletions and moves (README "Deletions and moves"): once discovery is done, a run that read
# sitemaps re-checks the exported articles they no longer list (True), and every run with a
# state re-checks this many other known articles at random (0: none). 404/410 → a `deleted`
# tombstone, 301/308 to another article → `moved`, each once, in `<feed>.deleted.jsonl`.
NEWSCRAWL_RECHECK_UNLISTED = True
NEWSCRAWL_RECHECK_SAMPLE = 0

# --- Hostile input: limits that make every run end on its own (docs/hostile-input.md) ---
# A paginated source (archive /page/N/ chain, feed ?paged=N, REST) stops after this many pages…
NEWSCRAWL_SOURCE_MAX_PAGES = 5000
# …or once this many of the articles it listed failed in a row (404s, errors, not articles):
# an archive whose every page lists new links that lead nowhere is a spider trap.
NEWSCRAWL_SOURCE_MAX_FAILED_RUN = 50
# Paginated sources (archives, category feeds) followed in one run.
NEWSCRAWL_MAX_SOURCES = 2000
# Sitemaps read in one run, nesting of sitemap indexes (robots.txt → index → child is 2), and
# article entries read from one sitemap (the sitemaps.org limit).
NEWSCRAWL_MAX_SITEMAPS = 1000
NEWSCRAWL_SITEMAP_MAX_DEPTH = 3
NEWSCRAWL_SITEMAP_MAX_ENTRIES = 50000
