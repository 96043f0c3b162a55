-- A SQLite store as commit 415d12a (before migrations) created it with create_all, with rows in
-- every table: two documents, their facts, two chats, their subscriptions, sent/skipped/pending
-- deliveries and a chat's fact cursor. Produced with `sqlite3 store.db .dump`; no alembic_version.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE document (
	id INTEGER NOT NULL, 
	slug VARCHAR NOT NULL, 
	path VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	outlet VARCHAR, 
	published DATE, 
	url VARCHAR, 
	content_hash VARCHAR NOT NULL, 
	text VARCHAR NOT NULL, 
	ingested_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO document VALUES(1,'suzhou','upload:suzhou','Suzhou builds out','Jiangsu Daily','2022-06-01','https://example.com/suzhou','d387e674a95d60d41800d26cf9a63b863f0c1cfdbe085406fcd870d619529aa1',replace('Suzhou builds out\n\nSuzhou has built 900 5G base stations. Its software revenue rose 8% to 3.2 billion yuan.\n\nBy 2025, Suzhou will build 2,000 smart factories.','\n',char(10)),'2026-12-01 06:00:50.471226');
INSERT INTO document VALUES(2,'hefei','upload:hefei','Hefei opens a data exchange','Anhui News','2023-03-04',NULL,'5796ee55192153a694065f1b5b81ebbf2841405af43dc3307562eb6cc8a277ac',replace('Hefei opens a data exchange\n\nHefei ranked third among cities in Anhui. The Hefei Data Exchange opened on March 3, 2023.','\n',char(10)),'2026-12-01 06:00:50.473581');
CREATE TABLE chat (
	id INTEGER NOT NULL, 
	type VARCHAR NOT NULL, 
	language VARCHAR, 
	timezone VARCHAR NOT NULL, 
	blocked BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	last_digest_at DATETIME, 
	PRIMARY KEY (id)
);
INSERT INTO chat VALUES(-987654,'group',NULL,'UTC',0,'2024-05-01 06:30:00.000000',NULL);
INSERT INTO chat VALUES(424242,'private',NULL,'Europe/London',0,'2024-05-01 06:30:00.000000','2024-05-01 07:05:00.000000');
CREATE TABLE fact (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	subject VARCHAR NOT NULL, 
	region VARCHAR, 
	period VARCHAR, 
	value FLOAT, 
	value_text VARCHAR, 
	unit VARCHAR, 
	scale VARCHAR, 
	base_value FLOAT, 
	qualifier VARCHAR, 
	change FLOAT, 
	event_date DATE, 
	quote VARCHAR NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	topics VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES document (id) ON DELETE CASCADE
);
INSERT INTO fact VALUES(1,1,'count','5G base stations','Suzhou',NULL,900.0,'900 5G base stations','base stations',NULL,900.0,NULL,NULL,NULL,'Suzhou has built 900 5G base stations.',19,57,'telecommunications');
INSERT INTO fact VALUES(2,1,'metric','software revenue','Suzhou',NULL,3.2000000000000001776,'3.2 billion yuan','yuan','billion',3200000000.0,NULL,8.0,NULL,'Its software revenue rose 8% to 3.2 billion yuan.',58,107,'software');
INSERT INTO fact VALUES(3,1,'target','smart factories','Suzhou','by 2025',2000.0,'2,000 smart factories','smart factories',NULL,2000.0,NULL,NULL,NULL,'By 2025, Suzhou will build 2,000 smart factories.',109,158,'industry');
INSERT INTO fact VALUES(4,2,'ranking','cities in Anhui','Hefei',NULL,3.0,'third','rank',NULL,3.0,NULL,NULL,NULL,'Hefei ranked third among cities in Anhui.',29,70,'');
CREATE TABLE subscription (
	id INTEGER NOT NULL, 
	chat_id INTEGER NOT NULL, 
	cadence VARCHAR NOT NULL, 
	weekday INTEGER, 
	local_time VARCHAR NOT NULL, 
	timezone VARCHAR NOT NULL, 
	topic VARCHAR, 
	active BOOLEAN NOT NULL, 
	next_run DATETIME NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(chat_id) REFERENCES chat (id) ON DELETE CASCADE
);
INSERT INTO subscription VALUES(1,424242,'daily',NULL,'08:00','Europe/London',NULL,1,'2024-05-04 07:00:00.000000','2024-05-01 06:30:00.000000');
INSERT INTO subscription VALUES(2,-987654,'weekly',4,'18:30','UTC',NULL,1,'2024-05-10 18:30:00.000000','2024-05-01 06:30:00.000000');
CREATE TABLE delivery (
	id INTEGER NOT NULL, 
	subscription_id INTEGER NOT NULL, 
	chat_id INTEGER NOT NULL, 
	slot DATETIME NOT NULL, 
	status VARCHAR NOT NULL, 
	due_at DATETIME NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error VARCHAR, 
	message_id INTEGER, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (subscription_id, slot), 
	FOREIGN KEY(subscription_id) REFERENCES subscription (id) ON DELETE CASCADE
);
INSERT INTO delivery VALUES(1,1,424242,'2024-05-01 07:00:00.000000','sent','2024-05-01 07:00:00.000000',1,NULL,77,'2024-05-01 07:05:00.000000','2024-05-01 07:05:00.000000');
INSERT INTO delivery VALUES(2,1,424242,'2024-05-02 07:00:00.000000','skipped','2024-05-02 07:00:00.000000',0,'missed by 2140 min, beyond the 30 min grace',NULL,'2024-05-03 18:40:00.000000','2024-05-03 18:40:00.000000');
INSERT INTO delivery VALUES(3,2,-987654,'2024-05-03 18:30:00.000000','pending','2024-05-03 18:30:00.000000',0,NULL,NULL,'2024-05-03 18:40:00.000000','2024-05-03 18:40:00.000000');
INSERT INTO delivery VALUES(4,1,424242,'2024-05-03 07:00:00.000000','skipped','2024-05-03 07:00:00.000000',0,'missed by 700 min, beyond the 30 min grace',NULL,'2024-05-03 18:40:00.000000','2024-05-03 18:40:00.000000');
CREATE TABLE sentfact (
	chat_id INTEGER NOT NULL, 
	fact_id INTEGER NOT NULL, 
	sent_at DATETIME NOT NULL, 
	PRIMARY KEY (chat_id, fact_id), 
	FOREIGN KEY(chat_id) REFERENCES chat (id) ON DELETE CASCADE, 
	FOREIGN KEY(fact_id) REFERENCES fact (id) ON DELETE CASCADE
);
INSERT INTO sentfact VALUES(424242,1,'2024-05-01 07:05:00.000000');
INSERT INTO sentfact VALUES(424242,2,'2024-05-01 07:05:00.000000');
CREATE UNIQUE INDEX ix_document_slug ON document (slug);
CREATE INDEX ix_document_content_hash ON document (content_hash);
CREATE INDEX ix_fact_document_id ON fact (document_id);
CREATE INDEX ix_fact_kind ON fact (kind);
CREATE INDEX ix_fact_region ON fact (region);
CREATE INDEX ix_subscription_chat_id ON subscription (chat_id);
CREATE INDEX ix_subscription_next_run ON subscription (next_run);
CREATE INDEX ix_delivery_status ON delivery (status);
CREATE INDEX ix_delivery_chat_id ON delivery (chat_id);
CREATE INDEX ix_delivery_due_at ON delivery (due_at);
CREATE INDEX ix_delivery_subscription_id ON delivery (subscription_id);
COMMIT;
