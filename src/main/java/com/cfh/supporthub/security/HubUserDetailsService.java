package com.cfh.supporthub.security;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Accounts of the agent API, from the {@code agent} table (issue 16.1; AgentDirectory manages it). */
@Component
public class HubUserDetailsService implements UserDetailsService {

    private final JdbcTemplate jdbc;

    public HubUserDetailsService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Read on every request (HTTP Basic, stateless sessions): a disabled account or a changed password holds
     * from the next request. The role includes the ones below it through the role hierarchy.
     */
    @Override
    public UserDetails loadUserByUsername(String username) {
        List<UserDetails> users = jdbc.query(
                "SELECT username, password_hash, role, enabled FROM agent WHERE username = ?",
                (rs, row) -> User.withUsername(rs.getString(1))
                        .password(rs.getString(2))
                        .authorities(new SimpleGrantedAuthority("ROLE_" + rs.getString(3).trim()))
                        .disabled(!rs.getBoolean(4))
                        .build(),
                username);
        if (users.isEmpty()) {
            throw new UsernameNotFoundException("no such account");
        }
        return users.get(0);
    }
}
