"""Reports: terminal tables now; Markdown, HTML and JSON reports of runs come with `cpsolve report`."""
