"""Document understanding: bytes in, an `Extraction` out. Plain Python, no Django.

The one entry point is `phongthu.ingest.pipeline.extract(data, filename)`.
"""
