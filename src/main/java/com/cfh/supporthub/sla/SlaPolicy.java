package com.cfh.supporthub.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.config.HubProperties.ProductTargets;
import com.cfh.supporthub.config.HubProperties.Target;
import com.cfh.supporthub.ticket.Priority;

/**
 * The SLA rules of each product (P02, P07, P08): which goals apply to a ticket (product and priority
 * overrides under {@code hub.sla.*}), the {@link SlaClock} on the product's business calendar, and
 * the sentence that tells a customer when to expect the first response.
 */
@Component("slaPolicy")
public class SlaPolicy {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SlaPolicy.class);

    private static final DateTimeFormatter SAME_YEAR = DateTimeFormatter.ofPattern("EEEE d MMMM, HH:mm", Locale.UK);
    private static final DateTimeFormatter OTHER_YEAR = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.UK);
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    /** The goals that apply to one ticket, in working time. */
    public record Goals(Duration firstResponse, Duration resolution) {
    }

    private final HubProperties properties;
    private final BusinessCalendars calendars;
    private final Map<String, SlaClock> clocks = new HashMap<>();

    public SlaPolicy(HubProperties properties, BusinessCalendars calendars) {
        this.properties = properties;
        this.calendars = calendars;
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
     * The acknowledgement's promise (P02), in the product's time zone, e.g. "Thank you for contacting
     * RunMy support. We will reply by Monday 19 January, 11:00." Outside opening hours it also says
     * that the team is away until the next opening.
     */
    public String promise(String product, Instant receivedAt, Instant firstResponseDue) {
        BusinessCalendar calendar = calendar(product);
        ZoneId zone = calendar.zone();
        ZonedDateTime received = receivedAt.atZone(zone);
        ZonedDateTime due = firstResponseDue.atZone(zone);
        String when = (due.getYear() == received.getYear() ? SAME_YEAR : OTHER_YEAR).format(due);
        String name = properties.product(product).map(HubProperties.Product::getName).orElse(product);
        StringBuilder text = new StringBuilder("Thank you for contacting ").append(name).append(" support. ");
        if (!calendar.isOpen(receivedAt)) {
            text.append("Our team is available ").append(days(calendar)).append(' ')
                    .append(HOURS.format(calendar.openingTime())).append('–').append(HOURS.format(calendar.closingTime()))
                    .append(' ').append(zoneLabel(zone)).append(", excluding bank holidays, so your request will be "
                            + "picked up when we next open. ");
        }
        return text.append("We will reply by ").append(when).append('.').toString();
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
