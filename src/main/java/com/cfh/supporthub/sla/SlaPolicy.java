package com.cfh.supporthub.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.config.HubProperties.ProductTargets;
import com.cfh.supporthub.config.HubProperties.Target;
import com.cfh.supporthub.pages.Templates;
import com.cfh.supporthub.ticket.Priority;

/**
 * The SLA rules of each product (P02, P07, P08): which goals apply to a ticket (product and priority
 * overrides under {@code hub.sla.*}), the {@link SlaClock} on the product's business calendar, and
 * the sentence that tells a customer when to expect the first response.
 */
@Component("slaPolicy")
public class SlaPolicy {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SlaPolicy.class);

    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    /** The goals that apply to one ticket, in working time. */
    public record Goals(Duration firstResponse, Duration resolution) {
    }

    private final HubProperties properties;
    private final BusinessCalendars calendars;
    /** The words of the promise: template {@code promise} (docs/templates.md). */
    private final Templates templates;
    private final Map<String, SlaClock> clocks = new HashMap<>();

    public SlaPolicy(HubProperties properties, BusinessCalendars calendars, Templates templates) {
        this.properties = properties;
        this.calendars = calendars;
        this.templates = templates;
        double threshold = properties.getSla().getAtRiskThreshold();
        for (String product : properties.getSla().getProducts().keySet()) {
            if (properties.product(product).isEmpty()) {
                throw new IllegalStateException("hub.sla.products." + product + " names no product of hub.products "
                        + properties.getProducts().keySet() + ".");
            }
        }
        for (String product : properties.getEscalation().getProducts().keySet()) {
            if (properties.product(product).isEmpty()) {
                throw new IllegalStateException("hub.escalation.products." + product + " names no product of "
                        + "hub.products " + properties.getProducts().keySet() + ".");
            }
        }
        for (String product : properties.getProducts().keySet()) {
            for (com.cfh.supporthub.ticket.Tier tier : java.util.List.of(com.cfh.supporthub.ticket.Tier.TIER2,
                    com.cfh.supporthub.ticket.Tier.MANAGER)) {
                if (properties.getEscalation().address(product, tier).isEmpty()) {
                    log.warn("No escalation address for {} of {} (hub.escalation.addresses): escalations are recorded "
                            + "but no notice is sent", tier, product);
                }
            }
            clocks.put(product, new SlaClock(calendars.forProduct(product), threshold));
            Goals goals = goals(product, Priority.NORMAL);
            for (Priority priority : Priority.values()) {
                check(product, priority, goals(product, priority));
            }
            check(product, Priority.NORMAL, goals);
        }
    }

    /** Goals for a product and priority: product+priority, then product, then priority, then the defaults. */
    public Goals goals(String product, Priority priority) {
        HubProperties.Sla sla = properties.getSla();
        ProductTargets own = sla.getProducts().get(product);
        Target ownPriority = own == null ? null : own.getPriorities().get(priority);
        Target anyPriority = sla.getPriorities().get(priority);
        Duration firstResponse = first(ownPriority == null ? null : ownPriority.getFirstResponse(),
                own == null ? null : own.getFirstResponse(),
                anyPriority == null ? null : anyPriority.getFirstResponse(), sla.getFirstResponse());
        Duration resolution = first(ownPriority == null ? null : ownPriority.getResolution(),
                own == null ? null : own.getResolution(),
                anyPriority == null ? null : anyPriority.getResolution(), sla.getResolution());
        return new Goals(firstResponse, resolution);
    }

    /** The SLA clock on the product's business calendar. */
    public SlaClock clock(String product) {
        SlaClock clock = clocks.get(product);
        if (clock == null) {
            throw new IllegalArgumentException("Unknown product \"" + product + "\": known products are "
                    + properties.getProducts().keySet() + ".");
        }
        return clock;
    }

    public BusinessCalendar calendar(String product) {
        return calendars.forProduct(product);
    }

    /** The SLA state of a new ticket received at {@code receivedAt}. */
    public SlaClock.State start(String product, Priority priority, Instant receivedAt) {
        Goals goals = goals(product, priority);
        return clock(product).start(receivedAt, goals.firstResponse(), goals.resolution());
    }

    /**
     * The acknowledgement's promise (P02) from the template {@code promise}, in the product's time zone, e.g. "We will
     * reply by Monday 19 January 2026, 11:00 GMT." Outside opening hours it also says that the team is away until the
     * next opening. It thanks nobody: the acknowledgement around it does that once (issue 14 item 11).
     */
    public String promise(String product, Instant receivedAt, Instant firstResponseDue) {
        BusinessCalendar calendar = calendar(product);
        ZoneId zone = calendar.zone();
        Map<String, Object> model = new HashMap<>();
        model.put("due", firstResponseDue);
        model.put("receivedAt", receivedAt);
        model.put("outsideHours", !calendar.isOpen(receivedAt));
        model.put("openDays", days(calendar));
        model.put("opensAt", HOURS.format(calendar.openingTime()));
        model.put("closesAt", HOURS.format(calendar.closingTime()));
        model.put("zoneLabel", zoneLabel(zone));
        return templates.line("promise", product, model);
    }

    private static String days(BusinessCalendar calendar) {
        var days = calendar.workingDays();
        if (days.equals(java.util.EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY))) {
            return "Monday to Friday";
        }
        return days.stream().map(d -> d.getDisplayName(java.time.format.TextStyle.FULL, Locale.UK))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static String zoneLabel(ZoneId zone) {
        return "Europe/London".equals(zone.getId()) ? "UK time" : zone.getId() + " time";
    }

    private static void check(String product, Priority priority, Goals goals) {
        if (goals.firstResponse().isNegative() || goals.firstResponse().isZero()
                || goals.resolution().isNegative() || goals.resolution().isZero()
                || goals.firstResponse().toSecondsPart() != 0 || goals.resolution().toSecondsPart() != 0) {
            throw new IllegalStateException("hub.sla goals for " + product + "/" + priority
                    + " must be positive whole minutes: " + goals);
        }
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
