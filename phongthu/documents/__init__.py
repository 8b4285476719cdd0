"""Documents (văn bản): their fields, original files, citations and the outgoing register."""
