-- Escalation ladder (P09): which steps a ticket has taken, so each one happens once per ticket and cycle
-- even when the escalation route runs twice or on two nodes at once.
ALTER TABLE ticket ADD COLUMN escalated_first_response_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE ticket ADD COLUMN escalated_risk_cycle INTEGER;
ALTER TABLE ticket ADD COLUMN escalated_breach_cycle INTEGER;
-- Set by the SLA sweep when a threshold that escalates has passed; the escalation route reads only these rows.
ALTER TABLE ticket ADD COLUMN escalation_due_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_ticket_escalation_due ON ticket (escalation_due_at);
