package com.cfh.supporthub.security;

import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Accounts of the agent API, from the {@code hub_user} table. */
@Component
public class HubUserDetailsService implements UserDetailsService {

    private final JdbcTemplate jdbc;

    public HubUserDetailsService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        List<UserDetails> users = jdbc.query(
                "SELECT username, password_hash, roles, enabled FROM hub_user WHERE username = ?",
                (rs, row) -> User.withUsername(rs.getString(1))
                        .password(rs.getString(2))
                        .authorities(Arrays.stream(rs.getString(3).split(","))
                                .map(String::trim).filter(r -> !r.isEmpty())
                                .map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList())
                        .disabled(!rs.getBoolean(4))
                        .build(),
                username);
        if (users.isEmpty()) {
            throw new UsernameNotFoundException("no such account");
        }
        return users.get(0);
    }
}
