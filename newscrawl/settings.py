"""Scrapy settings for newscrawl. Every project knob is here, prefixed `NEWSCRAWL_`."""

from newscrawl.items import EXPORTED_FIELDS as _EXPORTED_FIELDS

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
DUPEFILTER_DEBUG = False

# Applied by the spider when the target is the bundled snapshot or a loopback/mirror server
# (no remote site to be polite to): full speed.
NEWSCRAWL_LOCAL_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}
NEWSCRAWL_LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1"]

# --- Unsafe or noisy defaults off (STACK.md) ---
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- Components ---
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.downloadermiddlewares.snapshot.SnapshotDownloaderMiddleware": 950,
}
EXTENSIONS = {
    "newscrawl.extensions.stats_file.StatsFile": 900,
}
# Final stats as JSON, for schedulers and tests (empty: not written).
NEWSCRAWL_STATS_FILE = ""

ITEM_PIPELINES = {
    "newscrawl.pipelines.strip_chrome.StripChromePipeline": 100,
    "newscrawl.pipelines.dates.DatesPipeline": 200,
    "newscrawl.pipelines.datelines.DatelinePipeline": 300,
    "newscrawl.pipelines.finalise.FinalisePipeline": 400,
    "newscrawl.pipelines.dedupe.DedupePipeline": 500,
    "newscrawl.pipelines.validate.SchemaValidationPipeline": 600,
}

# --- Navigation ---
# Archive kinds the spider paginates through (tag and author archives are subsets of these).
NEWSCRAWL_LISTING_KINDS = ["home", "category", "latest-news"]

# --- Output: one JSON object per article per line, real UTF-8 characters ---
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(_EXPORTED_FIELDS)  # contract order
FEEDS = {
    "output/%(name)s/%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf-8"},
}

# --- Logging ---
LOG_LEVEL = "INFO"
