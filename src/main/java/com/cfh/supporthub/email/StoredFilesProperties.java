package com.cfh.supporthub.email;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.files.*}: where stored files live (issue 14.4, P13), see {@link StoredFilesConfig}. */
@ConfigurationProperties(prefix = "hub.files")
public class StoredFilesProperties {

    public enum Store {
        /** DATABASE on PostgreSQL, FILESYSTEM on the embedded HSQLDB. */
        AUTO,
        /** Table stored_file in the hub's database: every node reads and deletes every file. */
        DATABASE,
        /** A folder: on PostgreSQL (several nodes) only with shared-dir or hub.cluster.single-node. */
        FILESYSTEM
    }

    private Store store = Store.AUTO;
    /** Folder of the FILESYSTEM store; empty: {@code <hub.data-dir>/attachments}. */
    private String dir = "";
    /** The folder is one every node mounts (NFS, a shared volume): the FILESYSTEM store is then fine with several nodes. */
    private boolean sharedDir = false;
    /**
     * HSQLDB only: {@code CHECKPOINT DEFRAG} after a manager's redaction, so the removed text also leaves the
     * database's own files (its redo log and the free space of its data file).
     */
    private boolean compactDatabaseAfterRedaction = true;

    public Store getStore() { return store; }
    public void setStore(Store store) { this.store = store; }
    public String getDir() { return dir; }
    public void setDir(String dir) { this.dir = dir; }
    public boolean isSharedDir() { return sharedDir; }
    public void setSharedDir(boolean sharedDir) { this.sharedDir = sharedDir; }
    public boolean isCompactDatabaseAfterRedaction() { return compactDatabaseAfterRedaction; }
    public void setCompactDatabaseAfterRedaction(boolean compact) { this.compactDatabaseAfterRedaction = compact; }
}
