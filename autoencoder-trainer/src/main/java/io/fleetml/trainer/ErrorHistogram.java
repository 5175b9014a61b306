package io.fleetml.trainer;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * Draws a PNG histogram of reconstruction errors with JFreeChart on a logarithmic x axis, with the threshold as a
 * vertical marker. With labels, normal and fraud records are drawn as two series, each as its share of its own class
 * per bin, so a few dozen frauds stay visible beside thousands of normal records. Needs no display.
 */
public final class ErrorHistogram {
    static final int WIDTH = 900;
    static final int HEIGHT = 500;
    private static final int BINS = 60;
    private static final Color NORMAL = new Color(31, 119, 180, 170);
    private static final Color FRAUD = new Color(214, 39, 40, 170);
    private static final Color ALL = new Color(90, 90, 90, 200);

    private ErrorHistogram() {
    }

    /** {@code labels} has one entry per error (see {@link TrainingRecords}); unlabeled entries count as "all". */
    public static void write(Path png, double[] errors, byte[] labels, double threshold, String title) throws IOException {
        if (errors.length != labels.length) {
            throw new IllegalArgumentException(errors.length + " errors for " + labels.length + " labels");
        }
        // A log axis needs positive values; an exact reconstruction (error 0) is drawn in the lowest bin.
        double min = Double.POSITIVE_INFINITY;
        double max = threshold > 0 ? threshold : Double.MIN_NORMAL;
        for (double e : errors) {
            if (e > 0) {
                min = Math.min(min, e);
            }
            max = Math.max(max, e);
        }
        if (threshold > 0) {
            min = Math.min(min, threshold);
        }
        if (min == Double.POSITIVE_INFINITY) {
            min = max / 10;
        }
        double lo = Math.floor(Math.log10(min));
        double hi = Math.ceil(Math.log10(max));
        if (hi <= lo) {
            hi = lo + 1;
        }

        boolean labeled = false;
        for (byte label : labels) {
            labeled |= label != TrainingRecords.UNLABELED;
        }
        long[][] counts = new long[3][BINS];
        long[] totals = new long[3];
        for (int i = 0; i < errors.length; i++) {
            int series = !labeled || labels[i] == TrainingRecords.UNLABELED ? 2 : labels[i];
            double position = errors[i] > 0 ? (Math.log10(errors[i]) - lo) / (hi - lo) : 0;
            counts[series][Math.min(BINS - 1, Math.max(0, (int) (position * BINS)))]++;
            totals[series]++;
        }

        String[] names = {"normal", "fraud", labeled ? "unlabeled" : "all"};
        Color[] colors = {NORMAL, FRAUD, ALL};
        XYIntervalSeriesCollection dataset = new XYIntervalSeriesCollection();
        XYBarRenderer renderer = new XYBarRenderer();
        for (int s = 0; s < 3; s++) {
            if (totals[s] == 0) {
                continue;
            }
            XYIntervalSeries series = new XYIntervalSeries(names[s] + " (" + totals[s] + ")");
            for (int b = 0; b < BINS; b++) {
                double from = Math.pow(10, lo + (hi - lo) * b / BINS);
                double to = Math.pow(10, lo + (hi - lo) * (b + 1) / BINS);
                double share = (double) counts[s][b] / totals[s];
                series.add(Math.sqrt(from * to), from, to, share, 0, share);
            }
            renderer.setSeriesPaint(dataset.getSeriesCount(), colors[s]);
            dataset.addSeries(series);
        }
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);

        LogAxis x = new LogAxis("reconstruction error (log scale)");
        x.setRange(Math.pow(10, lo), Math.pow(10, hi));
        // Whole decades only: the default ticks fall on fractional powers of ten, which nobody reads at a glance.
        x.setTickUnit(new NumberTickUnit(1));
        NumberAxis y = new NumberAxis("share of class per bin");
        NumberFormat percent = NumberFormat.getPercentInstance(Locale.ROOT);
        percent.setMaximumFractionDigits(1);
        y.setNumberFormatOverride(percent);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (threshold > 0) {
            ValueMarker marker = new ValueMarker(threshold, Color.BLACK,
                    new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            marker.setLabel(String.format(Locale.ROOT, "threshold %.4g", threshold));
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }
}
