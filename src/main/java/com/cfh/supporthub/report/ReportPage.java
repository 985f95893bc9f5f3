package com.cfh.supporthub.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.pages.ErrorPages;
import com.cfh.supporthub.pages.Templates;
import com.cfh.supporthub.report.SlaReport.Bucket;
import com.cfh.supporthub.report.SlaReport.Figures;
import com.cfh.supporthub.report.SlaReport.Report;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * The manager's report (P12, issue 18 item 1): {@code GET /reports} shows {@link SlaReport}'s figures for a chosen
 * period and product as tiles, tables and charts (ECharts from the jar, drawn by {@code /assets/report.js} from the
 * report's JSON embedded in the page, exactly as {@code GET /api/v1/reports/sla} returns it), and
 * {@code GET /reports/sla.csv} the same figures per period and channel as CSV. Template {@code report}.
 */
@Component("reportPage")
public class ReportPage {

    /** One line of the CSV: a bucket (or the whole period) and a channel (or ALL). */
    @JsonPropertyOrder({"periodStart", "periodEnd", "channel", "tickets", "firstResponseMet", "firstResponseBreached",
            "firstResponseAttainment", "resolutionMet", "resolutionBreached", "resolutionAttainment", "breaches", "ratings",
            "averageRating"})
    public record CsvRow(String periodStart, String periodEnd, String channel, long tickets, long firstResponseMet,
                         long firstResponseBreached, BigDecimal firstResponseAttainment, long resolutionMet,
                         long resolutionBreached, BigDecimal resolutionAttainment, long breaches, long ratings,
                         BigDecimal averageRating) {

        static CsvRow of(Instant start, Instant end, ZoneId zone, Figures f) {
            return new CsvRow(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start.atZone(zone)),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(end.atZone(zone)), f.channel() == null ? "ALL" : f.channel(),
                    f.tickets(), f.firstResponseMet(), f.firstResponseBreached(), f.firstResponseAttainment(), f.resolutionMet(),
                    f.resolutionBreached(), f.resolutionAttainment(), f.breaches(), f.ratings(), f.averageRating());
        }
    }

    /** Quotes only what needs it (a comma, a quote, a line break), so dates stay plain. */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final CsvSchema SCHEMA = CSV.schemaFor(CsvRow.class).withHeader();

    private final SlaReport reports;
    private final Templates templates;
    private final HubProperties hub;
    private final ObjectMapper json;

    public ReportPage(SlaReport reports, Templates templates, HubProperties hub, ObjectMapper json) {
        this.reports = reports;
        this.templates = templates;
        this.hub = hub;
        this.json = json;
    }

    /** {@code GET /reports?from=&to=&product=&interval=}: the page. */
    public String page(@Header("from") String from, @Header("to") String to, @Header("product") String product,
                       @Header("interval") String interval, Exchange exchange) throws JsonProcessingException {
        exchange.setProperty(ErrorPages.ACCEPT, exchange.getIn().getHeader("Accept", String.class));
        Report report = reports.report(from, to, product, interval);
        ZoneId zone = ZoneId.of(report.timeZone());
        Map<String, Object> model = new HashMap<>();
        model.put("report", report);
        model.put("wide", true);
        model.put("scripts", List.of("/webjars/echarts/dist/echarts.min.js", "/assets/report.js"));
        model.put("fromDate", DateTimeFormatter.ISO_LOCAL_DATE.format(report.from().atZone(zone)));
        model.put("toDate", DateTimeFormatter.ISO_LOCAL_DATE.format(report.to().minusNanos(1).atZone(zone)));
        model.put("periodFrom", report.from());
        model.put("periodLast", report.to().minusNanos(1));
        List<Map<String, Object>> products = new ArrayList<>();
        hub.getProducts().forEach((id, p) -> products.add(Map.of("id", id, "name", p.getName(),
                "selected", id.equals(report.product()))));
        model.put("products", products);
        model.put("allProducts", report.product() == null);
        model.put("productName", report.product() == null ? "All products"
                : hub.product(report.product()).map(HubProperties.Product::getName).orElse(report.product()));
        List<Map<String, Object>> intervals = new ArrayList<>();
        for (String i : List.of("day", "week", "month")) {
            intervals.add(Map.of("value", i, "label", i.substring(0, 1).toUpperCase(Locale.ROOT) + i.substring(1),
                    "selected", i.equals(report.interval())));
        }
        model.put("intervals", intervals);
        model.put("total", row(report.total()));
        model.put("channels", report.channels().stream().map(ReportPage::row).toList());
        model.put("hasTickets", report.total().tickets() > 0);
        List<String> channelNames = report.channels().stream().map(Figures::channel).toList();
        model.put("channelHeads", channelNames.stream().map(ReportPage::channelLabel).toList());
        List<String> labels = new ArrayList<>();
        List<Map<String, Object>> series = new ArrayList<>();
        for (Bucket b : report.series()) {
            String label = label(b.start(), zone, report.interval());
            labels.add(label);
            Map<String, Object> row = new HashMap<>(row(b.total()));
            row.put("label", label);
            List<Long> perChannel = new ArrayList<>();
            for (String channel : channelNames) {
                perChannel.add(b.channels().stream().filter(f -> f.channel().equals(channel)).mapToLong(Figures::tickets).sum());
            }
            row.put("perChannel", perChannel);
            series.add(row);
        }
        model.put("series", series);
        List<Map<String, Object>> scores = new ArrayList<>();
        report.satisfaction().distribution().forEach((score, n) -> scores.add(Map.of("score", score, "count", n)));
        model.put("scores", scores);
        model.put("averageRating", show(report.satisfaction().averageRating()));
        model.put("reportJson", Templates.scriptJson(json.writeValueAsString(report)));
        model.put("labelsJson", Templates.scriptJson(json.writeValueAsString(labels)));
        model.put("csvHref", "/reports/sla.csv?" + query(report, zone));
        return templates.page("report", report.product(), "Service report", model);
    }

    /** {@code GET /reports/sla.csv}: per bucket and channel, an ALL line per bucket, then the whole period likewise. */
    public String csv(@Header("from") String from, @Header("to") String to, @Header("product") String product,
                      @Header("interval") String interval) throws JsonProcessingException {
        Report report = reports.report(from, to, product, interval);
        ZoneId zone = ZoneId.of(report.timeZone());
        List<CsvRow> rows = new ArrayList<>();
        for (Bucket b : report.series()) {
            b.channels().forEach(f -> rows.add(CsvRow.of(b.start(), b.end(), zone, f)));
            rows.add(CsvRow.of(b.start(), b.end(), zone, b.total()));
        }
        report.channels().forEach(f -> rows.add(CsvRow.of(report.from(), report.to(), zone, f)));
        rows.add(CsvRow.of(report.from(), report.to(), zone, report.total()));
        return CSV.writer(SCHEMA).writeValueAsString(rows);
    }

    /** The download's file name: the product and the period's dates. */
    public String csvDisposition(@Header("from") String from, @Header("to") String to, @Header("product") String product) {
        String p = product == null || product.isBlank() ? "all" : product.trim().replaceAll("[^a-z0-9-]", "");
        String f = from == null ? "" : from.replaceAll("[^0-9-]", "");
        String t = to == null ? "" : to.replaceAll("[^0-9-]", "");
        return "attachment; filename=\"sla-report-" + p + (f.isEmpty() ? "" : "-" + f) + (t.isEmpty() ? "" : "-" + t) + ".csv\"";
    }

    private static String query(Report report, ZoneId zone) {
        return "from=" + DateTimeFormatter.ISO_LOCAL_DATE.format(report.from().atZone(zone))
                + "&to=" + DateTimeFormatter.ISO_LOCAL_DATE.format(report.to().minusNanos(1).atZone(zone))
                + (report.product() == null ? "" : "&product=" + report.product()) + "&interval=" + report.interval();
    }

    /** One table row: the channel's name for people and each figure as the page shows it. */
    private static Map<String, Object> row(Figures f) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("channel", f.channel() == null ? "All channels" : channelLabel(f.channel()));
        row.put("tickets", f.tickets());
        row.put("firstResponseMet", f.firstResponseMet());
        row.put("firstResponseBreached", f.firstResponseBreached());
        row.put("firstResponseAttainment", show(f.firstResponseAttainment()));
        row.put("resolutionMet", f.resolutionMet());
        row.put("resolutionBreached", f.resolutionBreached());
        row.put("resolutionAttainment", show(f.resolutionAttainment()));
        row.put("breaches", f.breaches());
        row.put("ratings", f.ratings());
        row.put("averageRating", show(f.averageRating()));
        return row;
    }

    private static String show(BigDecimal value) {
        return value == null ? "–" : value.toPlainString();
    }

    static String channelLabel(String channel) {
        return switch (channel) {
            case "EMAIL" -> "E-mail";
            case "WIDGET" -> "Widget";
            case "PORTAL" -> "Portal";
            case "PHONE" -> "Phone";
            case "AGENT" -> "Agent";
            default -> channel;
        };
    }

    private static String label(Instant start, ZoneId zone, String interval) {
        return switch (interval) {
            case "month" -> DateTimeFormatter.ofPattern("MMM yyyy", Locale.UK).format(start.atZone(zone));
            case "week" -> "w/c " + DateTimeFormatter.ofPattern("d MMM", Locale.UK).format(start.atZone(zone));
            default -> DateTimeFormatter.ofPattern("EEE d MMM", Locale.UK).format(start.atZone(zone));
        };
    }
}
