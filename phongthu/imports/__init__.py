"""Plan imports: upload, reading in the background (OCR), review, confirmation."""
