"""Storage: the only package that speaks SQL.

SQLModel tables (models), Alembic migrations (migrations/, run by migrate), the engine factory
(engine) and repositories of keyword-only functions the domain calls: documents, facts,
subscriptions (chats and their subscriptions) and outbox (deliveries and fact cursors).
"""
