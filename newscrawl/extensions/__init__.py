"""Extensions: crawl-wide behaviour wired through signals."""
