package com.cfh.supporthub.sla;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The business calendar of each product (P01): one default calendar plus one per product id.
 * Bean {@code businessCalendars} (see {@link CalendarConfig}). Immutable and thread-safe.
 */
public final class BusinessCalendars {

    private final BusinessCalendar defaultCalendar;
    private final Map<String, BusinessCalendar> products;

    /**
     * @param defaultCalendar the calendar built from the top-level {@code hub.calendar.*} keys
     * @param products        product id → that product's calendar (the default one or an override)
     */
    public BusinessCalendars(BusinessCalendar defaultCalendar, Map<String, BusinessCalendar> products) {
        this.defaultCalendar = Objects.requireNonNull(defaultCalendar, "defaultCalendar");
        this.products = Map.copyOf(products);
    }

    /**
     * The calendar of a product.
     *
     * @throws IllegalArgumentException for a product id that is not configured (or null)
     */
    public BusinessCalendar forProduct(String productId) {
        BusinessCalendar calendar = productId == null ? null : products.get(productId);
        if (calendar == null) {
            throw new IllegalArgumentException("No business calendar for product \"" + productId
                    + "\": known products are " + productIds() + " (hub.products).");
        }
        return calendar;
    }

    /** The calendar built from the top-level {@code hub.calendar.*} keys, without product overrides. */
    public BusinessCalendar defaultCalendar() {
        return defaultCalendar;
    }

    /** The product ids that have a calendar, sorted. */
    public Set<String> productIds() {
        return new TreeSet<>(products.keySet());
    }
}
