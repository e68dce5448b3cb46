package org.photoorganizer.dedupe.similar;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Random;

/**
 * Photo-like test pictures: a sky/ground split with gradients, large and small shapes, a foreground
 * "subject", lines, text and sensor noise, all drawn from a seed. Different seeds are different scenes; the
 * same seed seen through a different {@link Camera} is a burst frame of the same scene.
 */
public final class SyntheticPhotos {

    /**
     * How the scene is framed: camera shift (fraction of the width/height) and tilt, how far the subject
     * moved (fraction of the width), and which sensor noise falls on it.
     */
    public record Camera(double shiftX, double shiftY, double tiltDegrees, double subjectMove, long noiseSeed) {
        public static final Camera STILL = new Camera(0, 0, 0, 0, 0);
    }

    private static final String[] WORDS = {"SALE", "Harbour", "2024", "Cafe", "EXIT", "Hotel", "Bus 42", "Park",
        "Welcome", "Museum", "Station", "Bakery", "No parking", "Open"};

    private SyntheticPhotos() {
    }

    public static BufferedImage photo(long seed, int width, int height) {
        return photo(seed, width, height, Camera.STILL);
    }

    public static BufferedImage photo(long seed, int width, int height, Camera camera) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // The scene is drawn larger than the frame so a shifted or tilted camera still fills it.
            AffineTransform view = new AffineTransform();
            view.translate(width / 2.0 + camera.shiftX() * width, height / 2.0 + camera.shiftY() * height);
            view.rotate(Math.toRadians(camera.tiltDegrees()));
            view.translate(-width / 2.0, -height / 2.0);
            g.setTransform(view);
            drawScene(g, new Random(seed), width, height, camera.subjectMove() * width);
        } finally {
            g.dispose();
        }
        addSensorNoise(image, new Random(seed * 31 + camera.noiseSeed()), 3 + (seed & 3) * 2);
        return image;
    }

    /**
     * A dusk or night scene: a sky gradient, a dark ground below the horizon, a bright disc (the sun at dusk, the
     * moon at night) and its glow. Such pictures share their coarse light layout (bright disc, dark ground), so a
     * 64-bit hash can put a sunset and a moon shot within the similar threshold although they are different photos.
     */
    public static BufferedImage sunsetOrMoon(long seed, int width, int height, boolean moon) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int horizon = (int) (height * (0.55 + random.nextDouble() * 0.2));
            Color top = moon ? new Color(5, 8, 25 + random.nextInt(20)) : new Color(60 + random.nextInt(40), 30, 70);
            Color low = moon ? new Color(20, 30, 60 + random.nextInt(30)) : new Color(240, 120 + random.nextInt(60), 40);
            g.setPaint(new GradientPaint(0, 0, top, 0, horizon, low));
            g.fillRect(0, 0, width, horizon);
            double discX = width * (0.25 + random.nextDouble() * 0.5);
            double discY = horizon - height * (0.08 + random.nextDouble() * 0.25);
            double radius = height * (0.04 + random.nextDouble() * 0.05);
            Color glow = moon ? new Color(200, 210, 230, 90) : new Color(255, 200, 90, 110);
            g.setPaint(new RadialGradientPaint((float) discX, (float) discY, (float) (radius * 4),
                    new float[] {0f, 1f}, new Color[] {glow, new Color(glow.getRed(), glow.getGreen(), glow.getBlue(), 0)}));
            g.fill(new Ellipse2D.Double(discX - radius * 4, discY - radius * 4, radius * 8, radius * 8));
            g.setColor(moon ? new Color(235, 235, 225) : new Color(255, 230, 150));
            g.fill(new Ellipse2D.Double(discX - radius, discY - radius, 2 * radius, 2 * radius));
            if (moon) {
                g.setColor(new Color(255, 255, 255, 180));
                for (int i = 0; i < 60; i++) {
                    g.fillRect(random.nextInt(width), random.nextInt(Math.max(1, horizon)), 2, 2);
                }
            }
            g.setColor(moon ? new Color(8, 8, 12) : new Color(25 + random.nextInt(20), 15, 20));
            Polygon hills = new Polygon();
            hills.addPoint(0, height);
            for (int x = 0; x <= width; x += width / 12) {
                hills.addPoint(x, horizon - random.nextInt(Math.max(1, height / 12)));
            }
            hills.addPoint(width, height);
            g.fillPolygon(hills);
            // The disc's reflection on water below the horizon.
            g.setColor(moon ? new Color(160, 170, 190, 120) : new Color(255, 170, 80, 120));
            for (int i = 0; i < 8; i++) {
                int y = horizon + 10 + i * (height - horizon) / 10;
                int w = (int) (radius * (1.5 - i * 0.12));
                g.fillRect((int) discX - w, y, 2 * w, Math.max(2, height / 150));
            }
        } finally {
            g.dispose();
        }
        addSensorNoise(image, random, 3);
        return image;
    }

    private static void drawScene(Graphics2D g, Random random, int width, int height, double subjectMove) {
        int margin = Math.max(width, height) / 4;
        double horizon = height * (0.2 + 0.6 * random.nextDouble());
        double tilt = (random.nextDouble() - 0.5) * height * 0.4;
        Color skyTop = randomColour(random);
        Color skyBottom = randomColour(random);
        g.setPaint(new GradientPaint(0, -margin, skyTop, (float) (random.nextDouble() * width), (float) horizon,
                skyBottom));
        g.fillRect(-margin, -margin, width + 2 * margin, height + 2 * margin);
        Polygon ground = new Polygon();
        ground.addPoint(-margin, (int) (horizon - tilt));
        ground.addPoint(width + margin, (int) (horizon + tilt));
        ground.addPoint(width + margin, height + margin);
        ground.addPoint(-margin, height + margin);
        g.setPaint(new GradientPaint(0, (float) horizon, randomColour(random), (float) (width * random.nextDouble()),
                height, randomColour(random)));
        g.fill(ground);

        int shapes = 4 + random.nextInt(14);
        for (int i = 0; i < shapes; i++) {
            drawShape(g, random, width, height, 0.05 + 0.5 * random.nextDouble() * random.nextDouble());
        }
        int lines = random.nextInt(6);
        for (int i = 0; i < lines; i++) {
            g.setColor(randomColour(random));
            g.setStroke(new BasicStroke(1 + random.nextInt(8)));
            g.draw(new QuadCurve2D.Double(random.nextDouble() * width, random.nextDouble() * height,
                    random.nextDouble() * width, random.nextDouble() * height,
                    random.nextDouble() * width, random.nextDouble() * height));
        }
        int texts = random.nextInt(3);
        for (int i = 0; i < texts; i++) {
            g.setColor(randomColour(random));
            g.setFont(new Font(Font.SANS_SERIF, random.nextBoolean() ? Font.BOLD : Font.PLAIN,
                    height / 30 + random.nextInt(height / 8)));
            g.drawString(WORDS[random.nextInt(WORDS.length)], (float) (random.nextDouble() * width * 0.7),
                    (float) (height * 0.1 + random.nextDouble() * height * 0.85));
        }
        // The subject: what moves between burst frames.
        AffineTransform before = g.getTransform();
        g.translate(subjectMove, 0);
        int subjectParts = 1 + random.nextInt(3);
        for (int i = 0; i < subjectParts; i++) {
            drawShape(g, random, width, height, 0.15 + 0.2 * random.nextDouble());
        }
        g.setTransform(before);
    }

    private static void drawShape(Graphics2D g, Random random, int width, int height, double relativeSize) {
        double w = width * relativeSize * (0.5 + random.nextDouble());
        double h = height * relativeSize * (0.5 + random.nextDouble());
        double x = random.nextDouble() * width - w / 2;
        double y = random.nextDouble() * height - h / 2;
        Shape shape = switch (random.nextInt(3)) {
            case 0 -> new Ellipse2D.Double(x, y, w, h);
            case 1 -> new RoundRectangle2D.Double(x, y, w, h, w * random.nextDouble() * 0.5, h * 0.3);
            default -> polygon(random, x, y, w, h);
        };
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.6f + 0.4f * random.nextFloat()));
        if (random.nextBoolean()) {
            g.setPaint(new RadialGradientPaint((float) (x + w / 2), (float) (y + h / 2),
                    (float) Math.max(2, Math.max(w, h) / 2), new float[] {0f, 1f},
                    new Color[] {randomColour(random), randomColour(random)}));
        } else {
            g.setPaint(randomColour(random));
        }
        g.fill(shape);
        g.setComposite(AlphaComposite.SrcOver);
    }

    private static Shape polygon(Random random, double x, double y, double w, double h) {
        Polygon polygon = new Polygon();
        int corners = 3 + random.nextInt(5);
        for (int i = 0; i < corners; i++) {
            double angle = 2 * Math.PI * i / corners + random.nextDouble() * 0.6;
            double radius = 0.5 + 0.5 * random.nextDouble();
            polygon.addPoint((int) (x + w / 2 + Math.cos(angle) * radius * w / 2),
                    (int) (y + h / 2 + Math.sin(angle) * radius * h / 2));
        }
        return polygon;
    }

    private static Color randomColour(Random random) {
        return Color.getHSBColor(random.nextFloat(), 0.2f + 0.8f * random.nextFloat(), 0.1f + 0.9f * random.nextFloat());
    }

    // Works on the int[] behind the image: per-pixel Raster calls would dominate the measurement's runtime.
    private static void addSensorNoise(BufferedImage image, Random random, double sigma) {
        int[] pixels = ((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            int p = pixels[i];
            int luminanceNoise = (int) Math.round(random.nextGaussian() * sigma);
            int colourNoise = random.nextInt(5) - 2;
            int r = clamp(((p >> 16) & 0xFF) + luminanceNoise + colourNoise);
            int g = clamp(((p >> 8) & 0xFF) + luminanceNoise);
            int b = clamp((p & 0xFF) + luminanceNoise - colourNoise);
            pixels[i] = (r << 16) | (g << 8) | b;
        }
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    /**
     * Downscale by an integer factor, averaging each factor x factor block, as photo software does when
     * exporting a smaller copy. Independent of the production box filter on purpose.
     */
    public static BufferedImage shrunkBy(BufferedImage source, int factor) {
        int width = source.getWidth() / factor;
        int height = source.getHeight() / factor;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[source.getWidth()];
        int[] sums = new int[width * 3];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(sums, 0);
            for (int dy = 0; dy < factor; dy++) {
                source.getRGB(0, y * factor + dy, source.getWidth(), 1, row, 0, row.length);
                for (int x = 0; x < width * factor; x++) {
                    int p = row[x];
                    int cell = (x / factor) * 3;
                    sums[cell] += (p >> 16) & 0xFF;
                    sums[cell + 1] += (p >> 8) & 0xFF;
                    sums[cell + 2] += p & 0xFF;
                }
            }
            int area = factor * factor;
            for (int x = 0; x < width; x++) {
                int r = (sums[3 * x] + area / 2) / area;
                int g = (sums[3 * x + 1] + area / 2) / area;
                int b = (sums[3 * x + 2] + area / 2) / area;
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }
}
