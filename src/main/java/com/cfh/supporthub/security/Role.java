package com.cfh.supporthub.security;

/** Roles of the agent API. Each includes the ones below it: ADMIN > MANAGER > AGENT. */
public enum Role {
    AGENT, MANAGER, ADMIN
}
