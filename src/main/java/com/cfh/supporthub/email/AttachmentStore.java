package com.cfh.supporthub.email;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Bytes of attachments and raw messages outside the row store (TRAPS.md: LOBs bloat HSQLDB), one
 * file per SHA-256 under {@code hub.email.attachments-dir}: the same content is stored once, and a
 * write is a rename of a complete temporary file, so a crash never leaves half a file under a
 * digest.
 */
@Component
public class AttachmentStore {

    private final Path root;

    public AttachmentStore(MailSettings settings, @Value("${hub.data-dir:./data}") String dataDir) {
        String dir = settings.getEmail().getAttachmentsDir();
        this.root = dir == null || dir.isBlank() ? Path.of(dataDir, "attachments") : Path.of(dir);
    }

    /** Stores {@code content} under its digest (no-op when present); returns the file. */
    public Path put(String sha256, byte[] content) {
        Path target = path(sha256);
        if (Files.exists(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), sha256, ".tmp");
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("attachment " + sha256 + " could not be stored", e);
        }
    }

    public Path path(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** Removes the file of a digest no row refers to any more (the P13 purge); false when it was not there. */
    public boolean delete(String sha256) {
        try {
            return Files.deleteIfExists(path(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("attachment " + sha256 + " could not be deleted", e);
        }
    }

    public boolean contains(String sha256) {
        return Files.exists(path(sha256));
    }
}
