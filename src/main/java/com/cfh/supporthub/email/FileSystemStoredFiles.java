package com.cfh.supporthub.email;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Files in a folder, one per SHA-256 ({@code <dir>/ab/ab12...}), outside the row store (TRAPS.md: LOBs bloat
 * HSQLDB). A write is a rename of a complete temporary file, so a crash never leaves half a file under a
 * digest. With several nodes the folder must be one they all share ({@code hub.files.shared-dir}).
 */
public class FileSystemStoredFiles implements StoredFiles {

    private final Path root;

    public FileSystemStoredFiles(Path root) {
        this.root = root;
    }

    @Override
    public void put(String sha256, byte[] content) {
        Path target = path(sha256);
        if (Files.exists(target)) {
            return;
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
        } catch (IOException e) {
            throw new UncheckedIOException("file " + sha256 + " could not be stored", e);
        }
    }

    @Override
    public Optional<byte[]> get(String sha256) {
        try {
            return Optional.of(Files.readAllBytes(path(sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("file " + sha256 + " could not be read", e);
        }
    }

    @Override
    public boolean delete(String sha256) {
        try {
            return Files.deleteIfExists(path(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("file " + sha256 + " could not be deleted", e);
        }
    }

    @Override
    public boolean contains(String sha256) {
        return Files.exists(path(sha256));
    }

    @Override
    public String describe() {
        return "folder " + root.toAbsolutePath();
    }

    Path path(String sha256) {
        StoredFiles.checked(sha256);
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }
}
