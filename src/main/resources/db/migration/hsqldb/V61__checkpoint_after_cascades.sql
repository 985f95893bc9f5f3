-- HSQLDB only: write the database's script file right after V60 and start a new log. HSQLDB could not replay from
-- its log what V60 (a Java migration) did to the foreign keys: after a kill -9 of a hub whose database was created
-- and migrated in that same run, the replay stopped at V60 and everything written afterwards was lost (RestartIT and
-- MailRestartIT found it). After this checkpoint the log never holds V60's statements.
CHECKPOINT;
