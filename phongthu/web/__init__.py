"""Server-rendered Vietnamese pages: layout, login, home pages per role."""
