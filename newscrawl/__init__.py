"""newscrawl: scheduled crawl of NewsMoris into clean article JSON lines."""
