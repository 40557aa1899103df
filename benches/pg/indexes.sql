-- Built after the bulk load (faster than maintaining them row by row), then ANALYZE.
CREATE INDEX entity_names_by_name ON entity_names (name, entity_id);
CREATE UNIQUE INDEX article_entities_key ON article_entities (article_id, entity_id);
CREATE INDEX quotes_by_speaker ON quotes (speaker_id, date DESC, id DESC);
CREATE INDEX meetings_by_date ON meetings (date DESC, id DESC);
CREATE INDEX meeting_participants_by_entity ON meeting_participants (entity_id, date DESC, meeting_id DESC);
CREATE INDEX meeting_participants_by_meeting ON meeting_participants (meeting_id);
ANALYZE;
