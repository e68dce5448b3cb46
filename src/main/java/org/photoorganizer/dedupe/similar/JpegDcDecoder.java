package org.photoorganizer.dedupe.similar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * The grey square of a sequential Huffman-coded JPEG (baseline or extended, 8-bit, greyscale or YCbCr) from its
 * luma DC coefficients alone: each 8x8 block's DC coefficient is 8 times the block's mean (before the level
 * shift), so the DC values are the picture at 1/8 scale, exact area averages, without an inverse DCT, a colour
 * conversion or a raster. The AC coefficients are Huffman-decoded only to be skipped. A 12-megapixel photo needs
 * a few KB besides a 64 KB read buffer, where a subsampled decode through ImageIO decodes every pixel.
 *
 * <p>Only what it fully understands is decoded here: one interleaved scan holding every component (or a single
 * component), 8-bit samples, Huffman tables that form a valid code, sampling factors 1-4 with at most 10 blocks
 * per MCU, restart markers in order. Anything else (progressive, arithmetic, lossless, 12-bit, CMYK, RGB, a
 * table missing, data that ends early or does not decode) throws {@link Unsupported} and the caller decodes the
 * file the slow way, which also says whether it is damaged. Every loop is bounded by the frame's block count,
 * every table index is checked, so a hostile file costs at most one pass over its bytes.
 */
final class JpegDcDecoder {

    /** The file is not one this decoder takes, or its data does not decode: decode it the slow way. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** Bits looked up at once; longer codes (rare) are decoded bit length by bit length. */
    private static final int FAST_BITS = 10;
    /** Bits of the table that skips several AC codes at once (32 KB a table). */
    private static final int MULTI_BITS = 14;
    private static final int MAX_BLOCKS_PER_MCU = 10;
    /** A multi-code entry that fits in no block: not even one whole code starts the bits. */
    private static final int NOTHING_FITS = 1023 << 6;
    private static final int BUFFER = 64 * 1024;
    private static final int ADOBE_TRANSFORM_UNKNOWN = -1;

    private final Input in;
    private final Tables tables;
    private final int[][] quantisation = new int[4][];
    private final Huffman[] dcTables = new Huffman[4];
    private final Huffman[] acTables = new Huffman[4];
    private int restartInterval;
    private boolean jfif;
    private int adobeTransform = ADOBE_TRANSFORM_UNKNOWN;
    private Frame frame;

    private JpegDcDecoder(SeekableByteChannel channel, Tables tables) {
        this.in = new Input(channel);
        this.tables = tables;
    }

    /**
     * The Huffman tables decoded lately, by their bytes: a camera (or an encoder) writes the same ones into every
     * photo, and an AC table's look-up tables take ~0.2 ms to build, 2-3 % of a 12 MP photo's decode. Holds a
     * few; safe to share between threads (a table is not changed once built).
     */
    static final class Tables {
        private static final int KEPT = 8;
        private final java.util.Map<Key, Huffman> built = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<Key, Huffman> eldest) {
                return size() > KEPT;
            }
        };
        private int builds;

        /** The table of class {@code kind} (0 DC, 1 AC) whose counts and symbols are {@code definition}. */
        Huffman of(int kind, byte[] definition, int[] counts, int[] symbols) throws Unsupported {
            Key key = new Key(kind, definition);
            synchronized (built) {
                Huffman known = built.get(key);
                if (known != null) {
                    return known;
                }
            }
            Huffman table = Huffman.of(counts, symbols, kind == 0 ? 11 : 10);
            if (kind == 1) {
                table.withMulti();
            }
            synchronized (built) {
                builds++;
                built.put(key, table);
            }
            return table;
        }

        /** Tables built so far (for tests). */
        int builds() {
            synchronized (built) {
                return builds;
            }
        }

        private static final class Key {
            private final int kind;
            private final byte[] definition;
            private final int hash;

            Key(int kind, byte[] definition) {
                this.kind = kind;
                this.definition = definition;
                this.hash = 31 * kind + java.util.Arrays.hashCode(definition);
            }

            @Override
            public boolean equals(Object other) {
                return other instanceof Key key && key.kind == kind && java.util.Arrays.equals(key.definition,
                        definition);
            }

            @Override
            public int hashCode() {
                return hash;
            }
        }
    }

    /**
     * The {@code size x size} grey square (luma 0..255, row-major, as {@link GreyscaleBoxFilter} makes it) of the
     * JPEG in {@code channel}, read from its start; the channel stays open.
     *
     * @throws Unsupported when the file is not one this decoder takes, or its data does not decode
     * @throws IOException when the channel cannot be read
     */
    static float[] greySquare(SeekableByteChannel channel, int size, Tables tables) throws IOException, Unsupported {
        channel.position(0);
        return new JpegDcDecoder(channel, tables).decode(size);
    }

    private record Component(int id, int h, int v, int quantTable) {}

    /** The frame header (SOF0 or SOF1) and the luma plane's size in blocks. */
    private record Frame(int width, int height, Component[] components, int maxH, int maxV) {
        Component luma() {
            return components[0];
        }

        int lumaBlocksWide() {
            return ceilDiv(ceilDiv(width * luma().h(), maxH), 8);
        }

        int lumaBlocksHigh() {
            return ceilDiv(ceilDiv(height * luma().v(), maxV), 8);
        }
    }

    private float[] decode(int size) throws IOException, Unsupported {
        if (in.read() != 0xFF || in.read() != 0xD8) {
            throw new Unsupported("not a JPEG");
        }
        while (true) {
            int marker = nextMarker();
            switch (marker) {
                case 0xC0, 0xC1 -> frame = readFrame(segment());
                case 0xC4 -> readHuffmanTables(segment());
                case 0xDB -> readQuantisationTables(segment());
                case 0xDD -> readRestartInterval(segment());
                case 0xE0 -> jfif |= startsWith(segment(), "JFIF\0");
                case 0xEE -> readAdobe(segment());
                case 0xDA -> {
                    return scan(segment(), size);
                }
                case 0xD9 -> throw new Unsupported("the image ends before its first scan");
                default -> {
                    if (marker >= 0xC2 && marker <= 0xCF) {
                        throw new Unsupported(String.format("frame type 0x%02X", marker));
                    }
                    in.skip(segmentLength());
                }
            }
        }
    }

    private int nextMarker() throws IOException, Unsupported {
        while (true) {
            if (in.read() != 0xFF) {
                throw new Unsupported("broken marker segments");
            }
            int marker;
            do {
                marker = in.read();
            } while (marker == 0xFF);
            if (marker < 0) {
                throw new Unsupported("the file ends in its headers");
            }
            // Markers without a segment (TEM, RSTn) are passed over.
            if (marker != 0x01 && (marker < 0xD0 || marker > 0xD7)) {
                return marker;
            }
        }
    }

    private int segmentLength() throws IOException, Unsupported {
        int high = in.read();
        int low = in.read();
        int length = (high << 8 | low) - 2;
        if (high < 0 || low < 0 || length < 0) {
            throw new Unsupported("broken segment length");
        }
        return length;
    }

    private byte[] segment() throws IOException, Unsupported {
        int length = segmentLength();
        byte[] data = new byte[length];
        if (in.readFully(data) != length) {
            throw new Unsupported("the file ends in its headers");
        }
        return data;
    }

    private Frame readFrame(byte[] sof) throws Unsupported {
        if (frame != null) {
            throw new Unsupported("two frame headers");
        }
        if (sof.length < 6 || (sof[0] & 0xFF) != 8) {
            throw new Unsupported("not 8-bit samples");
        }
        int height = u16(sof, 1);
        int width = u16(sof, 3);
        int count = sof[5] & 0xFF;
        if (width == 0 || height == 0 || (count != 1 && count != 3) || sof.length < 6 + 3 * count) {
            throw new Unsupported("neither greyscale nor three components");
        }
        Component[] components = new Component[count];
        int maxH = 1;
        int maxV = 1;
        for (int i = 0; i < count; i++) {
            int sampling = sof[7 + 3 * i] & 0xFF;
            int h = sampling >> 4;
            int v = sampling & 15;
            int table = sof[8 + 3 * i] & 0xFF;
            if (h < 1 || h > 4 || v < 1 || v > 4 || table > 3) {
                throw new Unsupported("invalid sampling factors or quantisation table");
            }
            components[i] = new Component(sof[6 + 3 * i] & 0xFF, h, v, table);
            maxH = Math.max(maxH, h);
            maxV = Math.max(maxV, v);
        }
        return new Frame(width, height, components, maxH, maxV);
    }

    private void readHuffmanTables(byte[] data) throws Unsupported {
        int at = 0;
        while (at < data.length) {
            if (at + 17 > data.length) {
                throw new Unsupported("broken Huffman table");
            }
            int kind = (data[at] & 0xFF) >> 4;
            int slot = data[at] & 15;
            if (kind > 1 || slot > 3) {
                throw new Unsupported("broken Huffman table");
            }
            int[] counts = new int[17];
            int total = 0;
            for (int length = 1; length <= 16; length++) {
                counts[length] = data[at + length] & 0xFF;
                total += counts[length];
            }
            at += 17;
            if (total > 256 || at + total > data.length) {
                throw new Unsupported("broken Huffman table");
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = data[at + i] & 0xFF;
            }
            Huffman table = tables.of(kind, java.util.Arrays.copyOfRange(data, at - 17, at + total), counts, symbols);
            at += total;
            if (kind == 0) {
                dcTables[slot] = table;
            } else {
                acTables[slot] = table;
            }
        }
    }

    private void readQuantisationTables(byte[] data) throws Unsupported {
        int at = 0;
        while (at < data.length) {
            int precision = (data[at] & 0xFF) >> 4;
            int slot = data[at] & 15;
            int bytes = precision == 0 ? 64 : 128;
            if (precision > 1 || slot > 3 || at + 1 + bytes > data.length) {
                throw new Unsupported("broken quantisation table");
            }
            // Only the first value (the DC step) is used; zig-zag order puts it first either way.
            int[] table = {precision == 0 ? data[at + 1] & 0xFF : u16(data, at + 1)};
            quantisation[slot] = table;
            at += 1 + bytes;
        }
    }

    private void readRestartInterval(byte[] data) throws Unsupported {
        if (data.length < 2) {
            throw new Unsupported("broken restart interval");
        }
        restartInterval = u16(data, 0);
    }

    private void readAdobe(byte[] data) {
        if (data.length >= 12 && startsWith(data, "Adobe")) {
            adobeTransform = data[11] & 0xFF;
        }
    }

    /** The luma is the first component unless the file says (or its component ids say) it holds RGB. */
    private void requireLuma() throws Unsupported {
        if (frame.components().length == 1) {
            return;
        }
        Component[] c = frame.components();
        boolean rgbIds = c[0].id() == 'R' && c[1].id() == 'G' && c[2].id() == 'B';
        if (adobeTransform == 0 || (!jfif && adobeTransform == ADOBE_TRANSFORM_UNKNOWN && rgbIds)) {
            throw new Unsupported("RGB, not YCbCr");
        }
    }

    private float[] scan(byte[] sos, int size) throws IOException, Unsupported {
        if (frame == null) {
            throw new Unsupported("a scan before the frame header");
        }
        requireLuma();
        int count = sos.length > 0 ? sos[0] & 0xFF : 0;
        if (sos.length < 4 + 2 * count || count != frame.components().length) {
            throw new Unsupported("not one interleaved scan of every component");
        }
        int at = 1 + 2 * count;
        if ((sos[at] & 0xFF) != 0 || (sos[at + 1] & 0xFF) != 63 || (sos[at + 2] & 0xFF) != 0) {
            throw new Unsupported("not a sequential scan");
        }
        Component[] order = new Component[count];
        Huffman[] dc = new Huffman[count];
        Huffman[] ac = new Huffman[count];
        for (int i = 0; i < count; i++) {
            int id = sos[1 + 2 * i] & 0xFF;
            int tables = sos[2 + 2 * i] & 0xFF;
            for (Component component : frame.components()) {
                if (component.id() == id) {
                    order[i] = component;
                }
            }
            if (order[i] == null || (tables >> 4) > 3 || (tables & 15) > 3) {
                throw new Unsupported("a scan component the frame does not have");
            }
            dc[i] = dcTables[tables >> 4];
            ac[i] = acTables[tables & 15];
            if (dc[i] == null || ac[i] == null || quantisation[order[i].quantTable()] == null) {
                throw new Unsupported("a Huffman or quantisation table is missing");
            }
        }
        return new Scan(frame, order, dc, ac, quantisation[frame.luma().quantTable()][0]).decode(size);
    }

    /** One interleaved sequential scan: decodes every block, keeps the luma block means, feeds them on by rows. */
    private final class Scan {
        private final Frame frame;
        private final Component[] order;
        private final Huffman[] dc;
        private final Huffman[] ac;
        private final float dcScale;

        Scan(Frame frame, Component[] order, Huffman[] dc, Huffman[] ac, int dcStep) {
            this.frame = frame;
            this.order = order;
            this.dc = dc;
            this.ac = ac;
            // A block's mean is DC * step / 8, shifted back from the -128..127 range.
            this.dcScale = dcStep / 8f;
        }

        float[] decode(int size) throws IOException, Unsupported {
            int blocksWide = frame.lumaBlocksWide();
            int blocksHigh = frame.lumaBlocksHigh();
            if (blocksWide < size || blocksHigh < size) {
                throw new Unsupported("too small for block means");
            }
            boolean single = order.length == 1;
            int mcusWide = single ? blocksWide : ceilDiv(frame.width(), 8 * frame.maxH());
            int mcusHigh = single ? blocksHigh : ceilDiv(frame.height(), 8 * frame.maxV());
            int[] h = new int[order.length];
            int[] v = new int[order.length];
            int blocks = 0;
            int lumaIndex = -1;
            for (int i = 0; i < order.length; i++) {
                h[i] = single ? 1 : order[i].h();
                v[i] = single ? 1 : order[i].v();
                blocks += h[i] * v[i];
                if (order[i] == frame.luma()) {
                    lumaIndex = i;
                }
            }
            if (blocks > MAX_BLOCKS_PER_MCU) {
                throw new Unsupported("more than 10 blocks per MCU");
            }
            int lumaRows = v[lumaIndex];
            int lumaColumns = h[lumaIndex];
            float[][] rows = new float[lumaRows][mcusWide * lumaColumns];
            // A luma block covers 8x8 luma samples, which cover maxH/h x maxV/v pixels each.
            GreyscaleBoxFilter.Rows square = new GreyscaleBoxFilter.Rows(blocksWide, blocksHigh,
                    8.0 * frame.maxH() / frame.luma().h(), 8.0 * frame.maxV() / frame.luma().v(), frame.width(),
                    frame.height(), size);
            int[] predictions = new int[order.length];
            Bits bits = new Bits(in);
            int restarts = 0;
            int untilRestart = restartInterval;
            // Nearly every photo: luma first, then one block of each chroma component. Its MCU is written out with
            // the predictions and tables in locals (C1, the package's JIT, keeps array elements in memory).
            boolean lumaThenTwoChroma = order.length == 3 && lumaIndex == 0 && blocks == lumaRows * lumaColumns + 2;
            for (int mcuY = 0; mcuY < mcusHigh; mcuY++) {
                if (lumaThenTwoChroma && restartInterval == 0) {
                    decodeRow(bits, rows, lumaRows, lumaColumns, mcusWide, predictions);
                    for (float[] row : rows) {
                        square.add(row);
                    }
                    continue;
                }
                for (int mcuX = 0; mcuX < mcusWide; mcuX++) {
                    if (restartInterval > 0) {
                        if (untilRestart == 0) {
                            bits.restart(restarts++ & 7);
                            java.util.Arrays.fill(predictions, 0);
                            untilRestart = restartInterval;
                        }
                        untilRestart--;
                    }
                    for (int c = 0; c < order.length; c++) {
                        Huffman dcTable = dc[c];
                        Huffman acTable = ac[c];
                        for (int by = 0; by < v[c]; by++) {
                            for (int bx = 0; bx < h[c]; bx++) {
                                predictions[c] += bits.block(dcTable, acTable);
                                if (c == lumaIndex) {
                                    rows[by][mcuX * lumaColumns + bx] = mean(predictions[c]);
                                }
                            }
                        }
                    }
                }
                for (float[] row : rows) {
                    square.add(row);
                }
            }
            bits.finish();
            if (!square.complete()) {
                throw new Unsupported("fewer blocks than the frame needs");
            }
            return square.square();
        }

        /** One row of MCUs of a luma-then-two-chroma scan without restart markers; the predictions carry over. */
        private void decodeRow(Bits bits, float[][] rows, int lumaRows, int lumaColumns, int mcusWide,
                               int[] predictions) throws IOException, Unsupported {
            Huffman lumaDc = dc[0];
            Huffman lumaAc = ac[0];
            Huffman blueDc = dc[1];
            Huffman blueAc = ac[1];
            Huffman redDc = dc[2];
            Huffman redAc = ac[2];
            int luma = predictions[0];
            int blue = predictions[1];
            int red = predictions[2];
            for (int mcuX = 0; mcuX < mcusWide; mcuX++) {
                int column = mcuX * lumaColumns;
                for (int by = 0; by < lumaRows; by++) {
                    float[] row = rows[by];
                    for (int bx = 0; bx < lumaColumns; bx++) {
                        luma += bits.block(lumaDc, lumaAc);
                        row[column + bx] = mean(luma);
                    }
                }
                blue += bits.block(blueDc, blueAc);
                red += bits.block(redDc, redAc);
            }
            predictions[0] = luma;
            predictions[1] = blue;
            predictions[2] = red;
        }

        private float mean(int dcValue) {
            float mean = dcValue * dcScale + 128f;
            return mean < 0f ? 0f : mean > 255f ? 255f : mean;
        }
    }

    /**
     * A canonical Huffman code: a table of {@value #FAST_BITS}-bit prefixes for the short codes (code length and
     * symbol), and the first code and symbol index of each length for the rest.
     */
    private static final class Huffman {
        final int[] fast = new int[1 << FAST_BITS];
        /**
         * For an AC table: what a short code and the coefficient bits after it take, {@code step << 8 | bits}:
         * {@code bits} to skip, {@code step} positions to advance in the block (0 at the end of block).
         */
        final int[] skip = new int[1 << FAST_BITS];
        /**
         * For an AC table: the whole codes at the start of {@value #MULTI_BITS} bits and their coefficient bits
         * (the last code's may run past them), {@code need << 6 | end << 5 | bits}: {@code bits} they take (at
         * most 24); {@code end} 1 when the last is the end of block; {@code need} the positions they advance plus
         * {@code end}, so they fit in a block with {@code need} or more positions left (an end of block needs one
         * after it); {@link #NOTHING_FITS} when not even the first code is whole. Most photos spend 4-6 bits a
         * coefficient, so one look-up skips two or three; chars keep the table within a small first-level cache.
         */
        char[] multi;
        final int[] maxCode = new int[18];
        final int[] offset = new int[17];
        final int[] symbols;

        private Huffman(int[] symbols) {
            this.symbols = symbols;
        }

        static Huffman of(int[] counts, int[] symbols, int maxMagnitude) throws Unsupported {
            for (int symbol : symbols) {
                if ((symbol & 15) > maxMagnitude || (maxMagnitude == 11 && symbol > 11)) {
                    throw new Unsupported("a Huffman symbol out of range");
                }
            }
            Huffman table = new Huffman(symbols);
            int code = 0;
            int index = 0;
            for (int length = 1; length <= 16; length++) {
                table.offset[length] = index - code;
                for (int i = 0; i < counts[length]; i++) {
                    if (code >= (1 << length)) {
                        throw new Unsupported("a Huffman table that is not a prefix code");
                    }
                    if (length <= FAST_BITS) {
                        int first = code << (FAST_BITS - length);
                        int entry = length << 8 | symbols[index];
                        int skip = skipEntry(length, symbols[index]);
                        for (int j = 0; j < 1 << (FAST_BITS - length); j++) {
                            table.fast[first + j] = entry;
                            table.skip[first + j] = skip;
                        }
                    }
                    code++;
                    index++;
                }
                table.maxCode[length] = counts[length] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            table.maxCode[17] = Integer.MAX_VALUE;
            return table;
        }

        /** Builds {@link #multi} (AC tables only): decodes every {@value #MULTI_BITS}-bit pattern as far as it goes. */
        Huffman withMulti() {
            multi = new char[1 << MULTI_BITS];
            for (int pattern = 0; pattern < multi.length; pattern++) {
                int used = 0;
                int step = 0;
                int end = 0;
                while (true) {
                    int symbol = -1;
                    int length = 1;
                    // A short code from the look-up table (the bits past the pattern read as zeros, so a code is
                    // taken only if it ends within it); a longer one bit length by bit length.
                    int entry = fast[((pattern << used) & ((1 << MULTI_BITS) - 1)) >>> (MULTI_BITS - FAST_BITS)];
                    if (entry != 0) {
                        length = entry >>> 8;
                        symbol = length <= MULTI_BITS - used ? entry & 0xFF : -1;
                    } else {
                        for (length = FAST_BITS + 1; length <= MULTI_BITS - used; length++) {
                            int code = (pattern >>> (MULTI_BITS - used - length)) & ((1 << length) - 1);
                            if (code <= maxCode[length] && maxCode[length] >= 0) {
                                int index = code + offset[length];
                                symbol = index >= 0 && index < symbols.length ? symbols[index] : -1;
                                break;
                            }
                        }
                    }
                    if (symbol < 0) {
                        break;
                    }
                    used += length + (symbol & 15);
                    int advance = skipEntry(length, symbol) >>> 8;
                    if (advance == 0) {
                        end = 1;
                        break;
                    }
                    step += advance;
                    if (used >= MULTI_BITS) {
                        // A code whose coefficient bits run past the pattern ends the entry: they are skipped,
                        // never read, so they need not be in it (at most 14 + 10 bits; the decoder holds 32).
                        break;
                    }
                }
                multi[pattern] = (char) (used == 0 ? NOTHING_FITS : (step + end) << 6 | end << 5 | used);
            }
            return this;
        }

        /** An AC symbol's entry in {@link #skip}: never 0, since a code is at least one bit long. */
        static int skipEntry(int codeLength, int symbol) {
            int run = symbol >> 4;
            int magnitude = symbol & 15;
            int step = magnitude != 0 ? run + 1 : run == 15 ? 16 : 0;
            return step << 8 | (codeLength + magnitude);
        }
    }

    /** The entropy-coded bits of a scan: 0xFF00 unstuffed; a marker ends them (zeros are fed past it). */
    private static final class Bits {
        private final Input in;
        /**
         * The next {@link #count} bits, from the top bit down (the bits below them are 0): a look-up takes the top
         * bits with a constant shift, and using bits shifts them out.
         */
        private long buffer;
        private int count;
        /** Bytes of zeros fed past a marker; if any of their bits are used, the data ended early. */
        private int padding;
        private boolean atMarker;

        Bits(Input in) {
            this.in = in;
        }

        /** Tops the buffer up to more than 56 bits, byte by byte. */
        private void fill() throws IOException {
            while (count <= 56) {
                fillByte();
            }
        }

        private void fillByte() throws IOException {
            int b;
            if (atMarker) {
                b = 0;
                padding++;
            } else {
                b = in.read();
                if (b == 0xFF) {
                    int next = in.peek();
                    if (next == 0) {
                        in.read();
                    } else {
                        in.unread();
                        atMarker = true;
                        b = 0;
                        padding++;
                    }
                } else if (b < 0) {
                    atMarker = true;
                    b = 0;
                    padding++;
                }
            }
            buffer |= (long) b << (56 - count);
            count += 8;
        }

        private int decode(Huffman table) throws IOException, Unsupported {
            if (count < 32) {
                fill();
            }
            int entry = table.fast[(int) (buffer >>> (64 - FAST_BITS))];
            if (entry != 0) {
                count -= entry >>> 8;
                buffer <<= entry >>> 8;
                return entry & 0xFF;
            }
            int look = (int) (buffer >>> 48);
            for (int length = FAST_BITS + 1; length <= 16; length++) {
                int code = look >>> (16 - length);
                if (code <= table.maxCode[length]) {
                    count -= length;
                    buffer <<= length;
                    int index = code + table.offset[length];
                    if (index < 0 || index >= table.symbols.length) {
                        throw new Unsupported("a Huffman code out of range");
                    }
                    return table.symbols[index];
                }
            }
            throw new Unsupported("a bit pattern no Huffman code has");
        }

        /**
         * Decodes one block: returns its DC difference, and decodes the 63 AC coefficients only as far as to skip
         * them. The hot loop of the decoder, so the bits live in locals and the fields are written at its end.
         */
        int block(Huffman dcTable, Huffman acTable) throws IOException, Unsupported {
            long bits = buffer;
            int left = count;
            if (left < 32) {
                bits = refill(bits, left);
                left = count;
            }
            int entry = dcTable.fast[(int) (bits >>> (64 - FAST_BITS))];
            int magnitude;
            if (entry != 0) {
                left -= entry >>> 8;
                bits <<= entry >>> 8;
                magnitude = entry & 0xFF;
            } else {
                buffer = bits;
                count = left;
                magnitude = decode(dcTable);
                bits = buffer;
                left = count;
            }
            int difference = 0;
            if (magnitude != 0) {
                // At least 16 bits were left after the code: a DC magnitude is at most 11.
                int value = (int) (bits >>> (64 - magnitude));
                bits <<= magnitude;
                left -= magnitude;
                difference = value < 1 << (magnitude - 1) ? value - (1 << magnitude) + 1 : value;
            }
            char[] multi = acTable.multi;
            int[] skip = acTable.skip;
            int remaining = 63;
            byte[] data = in.buffer;
            while (true) {
                if (left < 32) {
                    // refill(), written out: C1 alone (the package's JIT) would not inline it.
                    int at = in.position;
                    int word = 0;
                    boolean plain = false;
                    if (!atMarker && at + 4 <= in.limit) {
                        word = data[at] << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8
                                | data[at + 3] & 0xFF;
                        int inverted = ~word;
                        plain = ((inverted - 0x01010101) & ~inverted & 0x80808080) == 0;
                    }
                    if (plain) {
                        in.position = at + 4;
                        bits |= (word & 0xFFFFFFFFL) << (32 - left);
                        left += 32;
                    } else {
                        bits = refill(bits, left);
                        left = count;
                    }
                }
                entry = multi[(int) (bits >>> (64 - MULTI_BITS))];
                int need = entry >>> 6;
                // Several codes at once when none of them lies past the block's end (an end of block right
                // after its 63rd coefficient would be the next block's first code).
                if (need <= remaining) {
                    left -= entry & 0x1F;
                    bits <<= entry & 0x1F;
                    // An entry that ends the block leaves nothing remaining.
                    remaining = (remaining - need) & ~((entry << 26) >> 31);
                    if (remaining == 0) {
                        break;
                    }
                    continue;
                }
                int step;
                entry = skip[(int) (bits >>> (64 - FAST_BITS))];
                if (entry != 0) {
                    left -= entry & 0xFF;
                    bits <<= entry & 0xFF;
                    step = entry >>> 8;
                } else {
                    buffer = bits;
                    count = left;
                    int symbol = decode(acTable);
                    bits = buffer << (symbol & 15);
                    left = count - (symbol & 15);
                    step = Huffman.skipEntry(0, symbol) >>> 8;
                }
                if (step == 0) {
                    break;
                }
                remaining -= step;
                if (remaining <= 0) {
                    if (remaining < 0) {
                        count = left;
                        throw new Unsupported("a coefficient beyond the block");
                    }
                    break;
                }
            }
            buffer = bits;
            count = left;
            return difference;
        }

        /**
         * {@code bits} (holding {@code left} < 32 bits) with four more bytes when none of them is 0xFF, else topped
         * up byte by byte ({@link #fill}); {@link #count} says how many bits it holds now.
         */
        private long refill(long bits, int left) throws IOException {
            int at = in.position;
            if (!atMarker && in.available() >= 4) {
                // Byte by byte rather than a VarHandle: as fast with C2, much faster with C1 alone.
                byte[] data = in.buffer;
                int word = data[at] << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8
                        | data[at + 3] & 0xFF;
                int inverted = ~word;
                if (((inverted - 0x01010101) & ~inverted & 0x80808080) == 0) {
                    in.position = at + 4;
                    count = left + 32;
                    return bits | (word & 0xFFFFFFFFL) << (32 - left);
                }
            }
            buffer = bits;
            count = left;
            fill();
            return buffer;
        }

        /** The end of a restart interval: the expected RSTn marker must come next. */
        void restart(int expected) throws IOException, Unsupported {
            requireMarkerNext();
            if (in.read() != 0xFF || in.read() != 0xD0 + expected) {
                throw new Unsupported("a restart marker missing or out of order");
            }
            buffer = 0;
            count = 0;
            padding = 0;
            atMarker = false;
        }

        /** The end of the scan: its data must end here, or the decoder and the file disagree (damage?). */
        void finish() throws IOException, Unsupported {
            requireMarkerNext();
        }

        /** Every data bit was used (the last byte's padding aside), none past the end, and a marker follows. */
        private void requireMarkerNext() throws IOException, Unsupported {
            if (count < 8 * padding) {
                throw new Unsupported("the data ends before the last block");
            }
            fill();
            if (!atMarker || count - 8 * padding >= 8) {
                throw new Unsupported("data left over after the blocks");
            }
        }
    }

    /** Buffered reads from the channel's current position, with one byte of push-back. */
    private static final class Input {
        private final SeekableByteChannel channel;
        final byte[] buffer = new byte[BUFFER];
        private final ByteBuffer view = ByteBuffer.wrap(buffer);
        int position;
        int limit;

        Input(SeekableByteChannel channel) {
            this.channel = channel;
        }

        int read() throws IOException {
            if (position == limit && !refill()) {
                return -1;
            }
            return buffer[position++] & 0xFF;
        }

        /** Bytes left in the buffer. */
        int available() {
            return limit - position;
        }

        int peek() throws IOException {
            if (position == limit && !refill()) {
                return -1;
            }
            return buffer[position] & 0xFF;
        }

        /** Takes back the byte just read (a refill keeps the last byte for this). */
        void unread() {
            position--;
        }

        int readFully(byte[] target) throws IOException {
            int done = 0;
            while (done < target.length) {
                if (position == limit && !refill()) {
                    break;
                }
                int n = Math.min(target.length - done, limit - position);
                System.arraycopy(buffer, position, target, done, n);
                position += n;
                done += n;
            }
            return done;
        }

        void skip(int length) throws IOException, Unsupported {
            int left = length;
            while (left > 0) {
                if (position == limit && !refill()) {
                    throw new Unsupported("the file ends in its headers");
                }
                int n = Math.min(left, limit - position);
                position += n;
                left -= n;
            }
        }

        /** Keeps the last byte read (for {@link #unread}) and reads on; false at the end of the file. */
        private boolean refill() throws IOException {
            int keep = limit > 0 ? 1 : 0;
            if (keep == 1) {
                buffer[0] = buffer[limit - 1];
            }
            view.clear().position(keep);
            int read;
            do {
                read = channel.read(view);
            } while (read == 0);
            if (read < 0) {
                limit = keep;
                position = keep;
                return false;
            }
            limit = keep + read;
            position = keep;
            return true;
        }
    }

    private static boolean startsWith(byte[] data, String prefix) {
        if (data.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] data, int at) {
        return (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
