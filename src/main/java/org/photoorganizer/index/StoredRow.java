package org.photoorganizer.index;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.photoorganizer.index.LibraryIndex.Area;

/**
 * One file of the library as the store keeps it. The MD5 and the fingerprint may not be known yet: a
 * first index lists the library by size and date only, and reads the files later (or when a lookup needs
 * a file's MD5 at once).
 *
 * @param path        relative to the library root, as the file system gives it (the row's key in the store,
 *                    so not part of the stored value)
 * @param md5         the 16 bytes of the MD5, or {@code null} while not read yet
 * @param fingerprint {@link #FINGERPRINT_PENDING}, {@link #FINGERPRINT_NONE} (a video, or an image that
 *                    could not be decoded) or {@link #FINGERPRINT_PRESENT} with the other fingerprint fields
 */
record StoredRow(long id, String path, long size, long modifiedMillis, byte[] md5, int fingerprint, long phash,
                 int algorithmVersion, int width, int height, int bitsPerPixel, Area area) {

    static final int FINGERPRINT_PENDING = 0;
    static final int FINGERPRINT_NONE = 1;
    static final int FINGERPRINT_PRESENT = 2;

    boolean md5Known() {
        return md5 != null;
    }

    boolean fingerprintPending() {
        return fingerprint == FINGERPRINT_PENDING;
    }

    /** True while something of this file is still to be read: what the background reading works through. */
    boolean readPending() {
        return md5 == null || fingerprint == FINGERPRINT_PENDING;
    }

    String md5Hex() {
        return md5 == null ? null : HexFormat.of().formatHex(md5);
    }

    StoredRow withPath(String key) {
        return new StoredRow(id, key, size, modifiedMillis, md5, fingerprint, phash, algorithmVersion, width,
                height, bitsPerPixel, area);
    }

    StoredRow withMd5(byte[] newMd5) {
        return new StoredRow(id, path, size, modifiedMillis, newMd5, fingerprint, phash, algorithmVersion, width,
                height, bitsPerPixel, area);
    }

    static byte[] md5Bytes(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        if (bytes.length != 16) {
            throw new IllegalArgumentException("not an MD5: " + hex);
        }
        return bytes;
    }

    /**
     * The row's bytes in the store file, without the path (its key). Changing this format needs a new
     * {@code IndexStore.FORMAT}: an index of another format is rebuilt from the library, never misread.
     */
    static final class Type extends BasicDataType<StoredRow> {
        static final Type INSTANCE = new Type();
        private static final Area[] AREAS = Area.values();
        private static final int MD5_KNOWN = 0x10;

        private Type() {}

        @Override
        public int getMemory(StoredRow row) {
            return 96;
        }

        @Override
        public void write(WriteBuffer buffer, StoredRow row) {
            buffer.putVarInt(row.area().ordinal() | row.fingerprint() << 2 | (row.md5Known() ? MD5_KNOWN : 0));
            buffer.putVarLong(row.id()).putVarLong(row.size()).putVarLong(row.modifiedMillis());
            if (row.md5Known()) {
                buffer.put(row.md5());
            }
            if (row.fingerprint() == FINGERPRINT_PRESENT) {
                buffer.putLong(row.phash()).putVarInt(row.algorithmVersion()).putVarInt(row.width())
                        .putVarInt(row.height()).putVarInt(row.bitsPerPixel());
            }
        }

        @Override
        public StoredRow read(ByteBuffer buffer) {
            int flags = DataUtils.readVarInt(buffer);
            long id = DataUtils.readVarLong(buffer);
            long size = DataUtils.readVarLong(buffer);
            long modified = DataUtils.readVarLong(buffer);
            byte[] md5 = null;
            if ((flags & MD5_KNOWN) != 0) {
                md5 = new byte[16];
                buffer.get(md5);
            }
            int fingerprint = (flags >> 2) & 3;
            long phash = 0;
            int version = 0;
            int width = 0;
            int height = 0;
            int bits = 0;
            if (fingerprint == FINGERPRINT_PRESENT) {
                phash = buffer.getLong();
                version = DataUtils.readVarInt(buffer);
                width = DataUtils.readVarInt(buffer);
                height = DataUtils.readVarInt(buffer);
                bits = DataUtils.readVarInt(buffer);
            }
            return new StoredRow(id, null, size, modified, md5, fingerprint, phash, version, width, height, bits,
                    AREAS[flags & 3]);
        }

        @Override
        public StoredRow[] createStorage(int size) {
            return new StoredRow[size];
        }
    }
}
