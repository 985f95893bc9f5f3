package com.cfh.supporthub.email;

import java.util.Optional;

/**
 * Where the hub keeps file contents (issue 14.4, P13): attachments of inbound mail and the redacted copies of
 * whole messages, each stored once under the SHA-256 of its bytes. Every node reads and deletes every file:
 * {@link DatabaseStoredFiles} (table {@code stored_file}, the default on PostgreSQL) or
 * {@link FileSystemStoredFiles} (a folder, the default on the embedded HSQLDB; on PostgreSQL only when the
 * folder is declared shared by all nodes, or the hub declared the only node: {@link StoredFilesConfig}).
 * Rows name files by digest; a file is deleted once no row names it.
 */
public interface StoredFiles {

    /** Stores {@code content} under its digest {@code sha256}; nothing happens when that digest is stored already. */
    void put(String sha256, byte[] content);

    /** The content stored under the digest, if any. */
    Optional<byte[]> get(String sha256);

    /** Removes the content of a digest; false when there was none. */
    boolean delete(String sha256);

    boolean contains(String sha256);

    /** Where the files are, for the start-up log and docs: "database table stored_file", "folder /srv/hub-files". */
    String describe();

    /** The digest's form: 64 lower-case hex digits. */
    static String checked(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return sha256;
    }
}
