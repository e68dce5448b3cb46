package org.photoorganizer.index;

import java.nio.ByteBuffer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * A key of two longs, ordered by the first, then the second: (size, id) and (path hash, id) make
 * many-to-one lookups out of ordered maps, a range scan over one first value finding every id.
 */
record LongPair(long first, long second) {

    static LongPair lowest(long first) {
        return new LongPair(first, Long.MIN_VALUE);
    }

    static LongPair highest(long first) {
        return new LongPair(first, Long.MAX_VALUE);
    }

    static final class Type extends BasicDataType<LongPair> {
        static final Type INSTANCE = new Type();

        private Type() {}

        @Override
        public int compare(LongPair a, LongPair b) {
            int byFirst = Long.compare(a.first(), b.first());
            return byFirst != 0 ? byFirst : Long.compare(a.second(), b.second());
        }

        @Override
        public int getMemory(LongPair pair) {
            return 32;
        }

        @Override
        public void write(WriteBuffer buffer, LongPair pair) {
            buffer.putVarLong(pair.first()).putVarLong(pair.second());
        }

        @Override
        public LongPair read(ByteBuffer buffer) {
            return new LongPair(DataUtils.readVarLong(buffer), DataUtils.readVarLong(buffer));
        }

        @Override
        public LongPair[] createStorage(int size) {
            return new LongPair[size];
        }
    }
}
