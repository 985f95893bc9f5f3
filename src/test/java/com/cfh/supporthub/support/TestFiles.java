package com.cfh.supporthub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

public final class TestFiles {

    private TestFiles() {
    }

    public static void deleteTree(String dir) {
        Path root = Path.of(dir);
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fresh copy of routes/ in {@code folder}, every file of it (the routes and what lives beside them: the access
     * map, the mappings), for a test that edits them on a running hub.
     */
    public static Path copyOfRoutes(Path folder) {
        deleteTree(folder.toString());
        try {
            Files.createDirectories(folder);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("routes"))) {
                for (Path file : files) {
                    if (Files.isRegularFile(file)) {
                        Files.copy(file, folder.resolve(file.getFileName()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }
}
