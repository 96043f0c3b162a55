"""Storage: SQLModel tables, the engine factory and keyword-only query functions."""
