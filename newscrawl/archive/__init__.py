"""A run's web archive: every response as received, packed as a WACZ file.

`wacz`: the writer (WARC 1.1 request/response records written by warcio, indexed by
cdxj-indexer, packed with a pages list and a datapackage). `reader`: a WACZ read back
(the CDXJ index, records by URL, every response) for replay and re-extraction. No Scrapy here:
`downloadermiddlewares.archive` captures the responses of a crawl.
"""

from newscrawl.archive.reader import ArchivedResponse, WaczArchive
from newscrawl.archive.wacz import Capture, WaczWriter, check_archive_path

__all__ = ["ArchivedResponse", "Capture", "WaczArchive", "WaczWriter", "check_archive_path"]
