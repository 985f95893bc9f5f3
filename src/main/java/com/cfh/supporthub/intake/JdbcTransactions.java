package com.cfh.supporthub.intake;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions of the hot paths that write with plain JDBC only (the intake writer, the mail outcome
 * record). The application's transaction manager is JPA's (the agent read API uses entities), and each
 * of its transactions opens a Hibernate session even when only JDBC runs inside: about a tenth of a
 * mail worker's CPU in a drain profile (BENCHMARKS.md). A JDBC transaction manager on the same
 * DataSource binds the same connection for JdbcTemplate, without the session. Use it only where no
 * JPA transaction encloses or is opened inside the work.
 */
public final class JdbcTransactions {

    private JdbcTransactions() {
    }

    public static TransactionTemplate template(DataSource dataSource) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }
}
