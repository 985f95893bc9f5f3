-- Agent accounts (issue 16.1, P06, P15): the hub's own user store, replacing hub_user. Authentication,
-- assignment and the agent notifications read this table on every request: disabling takes effect at once.
CREATE TABLE agent (
    username              VARCHAR(100) NOT NULL PRIMARY KEY,
    display_name          VARCHAR(200) NOT NULL,
    email                 VARCHAR(320),
    role                  VARCHAR(16) NOT NULL,
    enabled               BOOLEAN DEFAULT TRUE NOT NULL,
    jira_account_id       VARCHAR(128),
    -- Products whose new tickets the agent hears of, comma-separated product ids; NULL: every product.
    products              VARCHAR(500),
    notify_new_ticket     BOOLEAN DEFAULT FALSE NOT NULL,
    notify_customer_reply BOOLEAN DEFAULT TRUE NOT NULL,
    notify_assigned       BOOLEAN DEFAULT TRUE NOT NULL,
    -- Spring Security's delegating encoder format, e.g. {bcrypt}$2a$10$...
    password_hash         VARCHAR(500) NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_agent_role CHECK (role IN ('AGENT', 'MANAGER', 'ADMIN'))
);
CREATE UNIQUE INDEX ux_agent_jira_account ON agent (jira_account_id);

-- The accounts that existed (the bootstrap administrator, test accounts) keep their names, hashes and state.
INSERT INTO agent (username, display_name, email, role, enabled, jira_account_id, products, notify_new_ticket,
                   notify_customer_reply, notify_assigned, password_hash, created_at, updated_at)
SELECT username, username, NULL,
       CASE WHEN roles LIKE '%ADMIN%' THEN 'ADMIN' WHEN roles LIKE '%MANAGER%' THEN 'MANAGER' ELSE 'AGENT' END,
       enabled, NULL, NULL, FALSE, TRUE, TRUE, password_hash, created_at, created_at
FROM hub_user;

DROP TABLE hub_user;

-- Every change to an account (who, what, when); never a password or its hash.
CREATE SEQUENCE agent_audit_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE agent_audit (
    id          BIGINT NOT NULL PRIMARY KEY,
    username    VARCHAR(100) NOT NULL,
    actor       VARCHAR(100) NOT NULL,
    change_type VARCHAR(40) NOT NULL,
    detail      VARCHAR(2000),
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_agent_audit_username ON agent_audit (username, occurred_at);
