"""Story identity: which crawled pages are copies of one report, so that an alert goes out once per story.

`signature` holds the pure functions (cleaning, shingles, MinHash, LSH band keys, the pair decision);
`evaluate` measures them on the labelled real pairs (`pairs.jsonl`, pages read from ../shared at run time).
"""
