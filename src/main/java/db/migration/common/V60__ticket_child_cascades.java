package db.migration.common;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 15.1: deleting a ticket deletes its children. The foreign keys to {@code ticket} were declared
 * without names in V1/V3/V30, so their names differ per database (HSQLDB {@code SYS_FK_…}, PostgreSQL
 * {@code <table>_<column>_fkey}); this migration finds each one through JDBC metadata, drops it and adds it
 * back, named, with {@code ON DELETE CASCADE} (children that mean nothing without the ticket) or
 * {@code ON DELETE SET NULL} (a link from another ticket). One Java migration serves HSQLDB and
 * PostgreSQL alike. Channel records (mail_intake, mail_attachment, call_log) and the outbox tables keep
 * their plain keys: the purge deletes those itself, after reading what it needs from them.
 */
public class V60__ticket_child_cascades extends BaseJavaMigration {

    /** Table → ON DELETE action of its {@code ticket_id} (or {@code linked_ticket_id}) foreign key. */
    private static final Map<String, String[]> CHANGES = Map.of(
            "ticket_participant", new String[] {"ticket_id", "CASCADE"},
            "ticket_message", new String[] {"ticket_id", "CASCADE"},
            "ticket_event", new String[] {"ticket_id", "CASCADE"},
            "sla_cycle_history", new String[] {"ticket_id", "CASCADE"},
            "feedback_request", new String[] {"ticket_id", "CASCADE"},
            "ticket", new String[] {"linked_ticket_id", "SET NULL"});

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        DatabaseMetaData meta = connection.getMetaData();
        boolean upper = meta.storesUpperCaseIdentifiers();
        String schema = connection.getSchema();
        for (Map.Entry<String, String[]> change : CHANGES.entrySet()) {
            String table = change.getKey();
            String column = change.getValue()[0];
            List<String> names = foreignKeys(meta, schema, upper, table, column);
            if (names.isEmpty()) {
                throw new IllegalStateException("No foreign key from " + table + "." + column + " to ticket");
            }
            try (Statement st = connection.createStatement()) {
                for (String name : names) {
                    st.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + quote(name));
                }
                st.execute("ALTER TABLE " + table + " ADD CONSTRAINT fk_" + table + "_" + column
                        + " FOREIGN KEY (" + column + ") REFERENCES ticket (id) ON DELETE " + change.getValue()[1]);
            }
        }
    }

    private static List<String> foreignKeys(DatabaseMetaData meta, String schema, boolean upper, String table,
                                            String column) throws SQLException {
        List<String> names = new ArrayList<>();
        String t = upper ? table.toUpperCase(Locale.ROOT) : table;
        try (ResultSet rs = meta.getImportedKeys(null, schema, t)) {
            while (rs.next()) {
                if ("ticket".equalsIgnoreCase(rs.getString("PKTABLE_NAME"))
                        && column.equalsIgnoreCase(rs.getString("FKCOLUMN_NAME"))) {
                    names.add(rs.getString("FK_NAME"));
                }
            }
        }
        return names;
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
