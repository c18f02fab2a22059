-- the application's own first migration: must not clash with the guard's (ringrift_schema_history)
CREATE TABLE app_note (id INT PRIMARY KEY, body VARCHAR(100));
