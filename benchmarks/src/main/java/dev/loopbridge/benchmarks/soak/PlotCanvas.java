package dev.loopbridge.benchmarks.soak;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * What {@link SoakPlot} draws on: lines, a frame, text; written as SVG text or as a PNG drawn
 * with Java2D on a {@code BufferedImage} (headless: no display is needed). One thread, the
 * plotting one; colours are {@code #rrggbb}.
 */
sealed interface PlotCanvas {

    /** Where a text's x coordinate is. */
    enum Anchor { START, MIDDLE, END }

    /** A frame around a rectangle. */
    void rect(double x, double y, double w, double h, String colour);

    /** A straight line, dashed or not. */
    void line(double x1, double y1, double x2, double y2, String colour, boolean dashed);

    /** A line through the points. */
    void polyline(double[] xs, double[] ys, String colour);

    /** Text whose baseline is at {@code y}. */
    void text(double x, double y, String text, Anchor anchor, int size, boolean bold, String colour);

    /** Writes the picture. */
    void writeTo(Path out) throws IOException;

    /** A canvas that writes SVG. */
    static PlotCanvas svg(int width, int height) {
        return new Svg(width, height);
    }

    /** A canvas that writes PNG. */
    static PlotCanvas png(int width, int height) {
        return new Png(width, height);
    }

    /** SVG, built as text. */
    final class Svg implements PlotCanvas {
        private final StringBuilder s = new StringBuilder();

        Svg(int width, int height) {
            s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
            s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        }

        @Override
        public void rect(double x, double y, double w, double h, String colour) {
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"%s\"/>%n",
                    x, y, w, h, colour));
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, String colour, boolean dashed) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>%n",
                    x1, y1, x2, y2, colour, dashed ? " stroke-dasharray=\"4 3\"" : ""));
        }

        @Override
        public void polyline(double[] xs, double[] ys, String colour) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < xs.length; i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", xs[i], ys[i]));
            }
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                    colour, points.toString().trim()));
        }

        @Override
        public void text(double x, double y, String text, Anchor anchor, int size, boolean bold, String colour) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"%s%s%s%s>%s</text>%n", x, y,
                    anchor == Anchor.START ? "" : " text-anchor=\"" + anchor.name().toLowerCase(Locale.ROOT) + "\"",
                    size == 11 ? "" : " font-size=\"" + size + "\"", bold ? " font-weight=\"bold\"" : "",
                    colour.equals("#000000") ? "" : " fill=\"" + colour + "\"",
                    text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")));
        }

        @Override
        public void writeTo(Path out) throws IOException {
            Files.writeString(out, s + "</svg>\n");
        }
    }

    /** PNG, drawn with Java2D. */
    final class Png implements PlotCanvas {
        private final BufferedImage image;
        private final Graphics2D g;

        Png(int width, int height) {
            System.setProperty("java.awt.headless", "true");
            image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
        }

        @Override
        public void rect(double x, double y, double w, double h, String colour) {
            g.setColor(Color.decode(colour));
            g.setStroke(new BasicStroke(1f));
            g.draw(new Rectangle2D.Double(x, y, w, h));
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, String colour, boolean dashed) {
            g.setColor(Color.decode(colour));
            g.setStroke(dashed ? new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {4f, 3f}, 0f) : new BasicStroke(1f));
            g.draw(new Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void polyline(double[] xs, double[] ys, String colour) {
            if (xs.length == 0) {
                return;
            }
            Path2D.Double path = new Path2D.Double();
            path.moveTo(xs[0], ys[0]);
            for (int i = 1; i < xs.length; i++) {
                path.lineTo(xs[i], ys[i]);
            }
            g.setColor(Color.decode(colour));
            g.setStroke(new BasicStroke(1.5f));
            g.draw(path);
        }

        @Override
        public void text(double x, double y, String text, Anchor anchor, int size, boolean bold, String colour) {
            g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size));
            double width = g.getFontMetrics().getStringBounds(text, g).getWidth();
            double left = switch (anchor) {
                case START -> x;
                case MIDDLE -> x - width / 2;
                case END -> x - width;
            };
            g.setColor(Color.decode(colour));
            g.drawString(text, (float) left, (float) y);
        }

        @Override
        public void writeTo(Path out) throws IOException {
            g.dispose();
            if (!ImageIO.write(image, "png", out.toFile())) {
                throw new IOException("no PNG writer in this JDK (ImageIO): " + out);
            }
        }
    }
}
