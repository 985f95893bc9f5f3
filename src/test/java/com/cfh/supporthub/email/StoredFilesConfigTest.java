package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.email.StoredFilesProperties.Store;

/** Issue 14.4: which store a node uses, and the configuration it refuses. */
class StoredFilesConfigTest {

    @Test
    @DisplayName("P13 issue 14.4: auto is the database on PostgreSQL and a folder on the embedded HSQLDB")
    void autoFollowsTheDatabase_P13() {
        assertThat(StoredFilesConfig.choose(Store.AUTO, true, false, false)).isEqualTo(Store.DATABASE);
        assertThat(StoredFilesConfig.choose(Store.AUTO, false, false, false)).isEqualTo(Store.FILESYSTEM);
        assertThat(StoredFilesConfig.choose(Store.DATABASE, false, false, false)).isEqualTo(Store.DATABASE);
    }

    @Test
    @DisplayName("P13 issue 14.4: a node-local folder on PostgreSQL is refused unless shared or the only node")
    void nodeLocalFolderOnPostgresRefused_P13() {
        assertThatThrownBy(() -> StoredFilesConfig.choose(Store.FILESYSTEM, true, false, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.files.shared-dir=true").hasMessageContaining("hub.cluster.single-node=true");
        assertThat(StoredFilesConfig.choose(Store.FILESYSTEM, true, true, false)).isEqualTo(Store.FILESYSTEM);
        assertThat(StoredFilesConfig.choose(Store.FILESYSTEM, true, false, true)).isEqualTo(Store.FILESYSTEM);
        assertThat(StoredFilesConfig.choose(Store.FILESYSTEM, false, false, false)).isEqualTo(Store.FILESYSTEM);
    }
}
