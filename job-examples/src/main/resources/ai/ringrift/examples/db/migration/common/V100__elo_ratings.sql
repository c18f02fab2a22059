-- Elo ratings of the example jobs' models (job-examples: EvaluationJob writes, ModelPromotionJob
-- reads). Portable SQL: runs on H2 2.x and PostgreSQL. model_id is the checkpoint's id
-- (<config>/checkpoint-<time>) or a baseline player (<config>/baseline-greedy).
CREATE TABLE elo_rating (
    model_id   VARCHAR(200)     NOT NULL PRIMARY KEY,
    config     VARCHAR(64)      NOT NULL,
    rating     DOUBLE PRECISION NOT NULL,
    games      INTEGER          NOT NULL DEFAULT 0,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX elo_rating_config_rating ON elo_rating (config, rating);
