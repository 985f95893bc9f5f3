package com.cfh.supporthub.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The business calendar of one product (P01): opening hours on working days in one time zone, closed on
 * bank holidays (GOV.UK file, fallback library for other years) and on configured extra closure dates.
 * Working-time arithmetic for the SLA rules (P07 first response, P08 resolution).
 *
 * <p>Opening time is inclusive, closing time exclusive: at 08:30 the office is open, at 17:30 it is closed.
 * A deadline that uses up a day's last minute is the closing time of that day (17:30), not the next opening.
 *
 * <p>Immutable and thread-safe. Each year's days are computed once (opening and closing instants and a running
 * total of working time), so every method is a few array look-ups and at most a binary search; nothing steps
 * minute by minute. Years outside {@value BankHolidays#MIN_YEAR}–{@value BankHolidays#MAX_YEAR}, or years without
 * holiday data, throw {@link CalendarCoverageException}.
 */
public final class BusinessCalendar {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Instants outside these bounds are refused before any arithmetic (the nanosecond arithmetic stays far from overflow). */
    private static final long MIN_EPOCH_SECOND = LocalDate.of(BankHolidays.MIN_YEAR - 1, 12, 30).toEpochDay() * 86_400L;
    private static final long MAX_EPOCH_SECOND = LocalDate.of(BankHolidays.MAX_YEAR + 1, 1, 3).toEpochDay() * 86_400L;
    /** Longest working time accepted (far beyond any SLA; keeps {@link Duration#toNanos()} safe). */
    private static final Duration MAX_WORKING_TIME = Duration.ofDays(365L * 150);

    private final String name;
    private final BankHolidays bankHolidays;
    private final ZoneId zone;
    private final LocalTime openingTime;
    private final LocalTime closingTime;
    private final Set<DayOfWeek> workingDays;
    private final boolean[] workingDow = new boolean[8];
    private final SortedSet<LocalDate> extraClosures;
    private final AtomicReferenceArray<YearTable> years =
            new AtomicReferenceArray<>(BankHolidays.MAX_YEAR - BankHolidays.MIN_YEAR + 1);

    private BusinessCalendar(Builder b) {
        this.name = b.name;
        this.bankHolidays = Objects.requireNonNull(b.bankHolidays, "bankHolidays");
        this.zone = Objects.requireNonNull(b.zone, "zone");
        this.openingTime = Objects.requireNonNull(b.openingTime, "openingTime");
        this.closingTime = Objects.requireNonNull(b.closingTime, "closingTime");
        if (!openingTime.isBefore(closingTime)) {
            throw new CalendarDataException("Business calendar " + name + ": opening time " + openingTime
                    + " must be before closing time " + closingTime + " (hub.calendar.opening-time / closing-time).");
        }
        if (b.workingDays == null || b.workingDays.isEmpty()) {
            throw new CalendarDataException("Business calendar " + name + ": no working days (hub.calendar.working-days).");
        }
        this.workingDays = Set.copyOf(EnumSet.copyOf(b.workingDays));
        for (DayOfWeek d : workingDays) {
            workingDow[d.getValue()] = true;
        }
        TreeSet<LocalDate> closures = new TreeSet<>();
        for (LocalDate d : b.extraClosures) {
            Objects.requireNonNull(d, "extra closure date");
            if (d.getYear() < BankHolidays.MIN_YEAR || d.getYear() > BankHolidays.MAX_YEAR) {
                throw new CalendarDataException("Business calendar " + name + ": extra closure " + d + " is outside "
                        + BankHolidays.MIN_YEAR + "–" + BankHolidays.MAX_YEAR + " (hub.calendar.extra-closures).");
            }
            closures.add(d);
        }
        this.extraClosures = java.util.Collections.unmodifiableSortedSet(closures);
    }

    public static Builder builder(BankHolidays bankHolidays) {
        return new Builder(bankHolidays);
    }

    // ------------------------------------------------------------------ queries

    /** The zone the opening hours and the dates are read in. */
    public ZoneId zone() {
        return zone;
    }

    public String name() {
        return name;
    }

    public LocalTime openingTime() {
        return openingTime;
    }

    public LocalTime closingTime() {
        return closingTime;
    }

    public Set<DayOfWeek> workingDays() {
        return workingDays;
    }

    public SortedSet<LocalDate> extraClosures() {
        return extraClosures;
    }

    public BankHolidays bankHolidays() {
        return bankHolidays;
    }

    /**
     * Whether the office opens on this date: a working weekday that is neither a bank holiday nor an extra closure.
     *
     * @throws CalendarCoverageException when there is no holiday data for the date's year
     */
    public boolean isWorkingDay(LocalDate date) {
        return table(date.getYear()).working(date.getDayOfYear() - 1);
    }

    /** Whether the office is open at this instant (opening time inclusive, closing time exclusive). */
    public boolean isOpen(Instant at) {
        LocalDate day = localDate(at);
        YearTable t = table(day.getYear());
        int i = day.getDayOfYear() - 1;
        long n = nanos(at);
        return t.working(i) && n >= t.open[i] && n < t.close[i];
    }

    /** {@code at} when the office is open then, else the next opening (possibly days later). */
    public Instant nextOpening(Instant at) {
        LocalDate day = localDate(at);
        YearTable t = table(day.getYear());
        int i = day.getDayOfYear() - 1;
        long n = nanos(at);
        if (t.working(i) && n < t.close[i]) {
            return n >= t.open[i] ? at : instant(t.open[i]);
        }
        int year = day.getYear();
        while (true) {
            i++;
            if (i == t.days) {
                year++;
                t = table(year);
                i = 0;
            }
            if (t.working(i)) {
                return instant(t.open[i]);
            }
        }
    }

    /**
     * The instant at which {@code workingTime} of opening hours has passed since {@code start}. A start outside
     * opening hours starts the clock at the next opening; a deadline that ends exactly at closing time is that
     * closing time. Zero working time gives {@link #nextOpening(Instant)}.
     *
     * @throws IllegalArgumentException for a negative working time
     * @throws CalendarCoverageException when the deadline would fall in a year without holiday data
     */
    public Instant addWorkingTime(Instant start, Duration workingTime) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(workingTime, "workingTime");
        if (workingTime.isNegative()) {
            throw new IllegalArgumentException("working time must not be negative: " + workingTime);
        }
        if (workingTime.isZero()) {
            return nextOpening(start);
        }
        LocalDate day = localDate(start);
        if (workingTime.compareTo(MAX_WORKING_TIME) > 0) {
            throw new CalendarCoverageException(day.getYear(), "Working time " + workingTime + " reaches beyond the years the calendar supports ("
                    + BankHolidays.MIN_YEAR + "–" + BankHolidays.MAX_YEAR + ").");
        }
        int year = day.getYear();
        YearTable t = table(year);
        // Working time from the start of the year to the deadline; strictly positive.
        long target = t.workedBefore(day.getDayOfYear() - 1, nanos(start)) + workingTime.toNanos();
        while (target > t.total()) {
            target -= t.total();
            year++;
            t = table(year);
        }
        int d = t.dayReaching(target);
        return instant(t.open[d] + (target - t.cum[d]));
    }

    /**
     * Opening-hours time between two instants; zero when {@code to} is not after {@code from}.
     * {@code workingTimeBetween(s, addWorkingTime(s, w)) == w} for every start {@code s}.
     *
     * @throws CalendarCoverageException when a year in between has no holiday data
     */
    public Duration workingTimeBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        LocalDate fromDay = localDate(from);
        LocalDate toDay = localDate(to);
        YearTable ft = table(fromDay.getYear());
        long before = ft.workedBefore(fromDay.getDayOfYear() - 1, nanos(from));
        long total = 0;
        for (int y = fromDay.getYear(); y < toDay.getYear(); y++) {
            total += table(y).total();
        }
        YearTable tt = table(toDay.getYear());
        total += tt.workedBefore(toDay.getDayOfYear() - 1, nanos(to));
        return Duration.ofNanos(total - before);
    }

    // ------------------------------------------------------------------ internals

    private LocalDate localDate(Instant at) {
        Objects.requireNonNull(at, "instant");
        long s = at.getEpochSecond();
        if (s < MIN_EPOCH_SECOND || s > MAX_EPOCH_SECOND) {
            int year = s < MIN_EPOCH_SECOND ? BankHolidays.MIN_YEAR - 1 : BankHolidays.MAX_YEAR + 1;
            throw new CalendarCoverageException(year, "Instant " + at + " is outside the years the business calendar supports ("
                    + BankHolidays.MIN_YEAR + "–" + BankHolidays.MAX_YEAR + ").");
        }
        return LocalDate.ofInstant(at, zone);
    }

    private static long nanos(Instant at) {
        return at.getEpochSecond() * NANOS_PER_SECOND + at.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    private YearTable table(int year) {
        if (year < BankHolidays.MIN_YEAR || year > BankHolidays.MAX_YEAR) {
            throw new CalendarCoverageException(year, "Year " + year + " is outside the years the business calendar supports ("
                    + BankHolidays.MIN_YEAR + "–" + BankHolidays.MAX_YEAR + ").");
        }
        int i = year - BankHolidays.MIN_YEAR;
        YearTable t = years.get(i);
        if (t == null) {
            t = buildYear(year);
            if (!years.compareAndSet(i, null, t)) {
                t = years.get(i);
            }
        }
        return t;
    }

    private YearTable buildYear(int year) {
        Set<LocalDate> holidays = bankHolidays.holidaysIn(year); // throws CalendarCoverageException
        LocalDate first = LocalDate.of(year, 1, 1);
        int days = first.lengthOfYear();
        long[] open = new long[days];
        long[] close = new long[days];
        long[] cum = new long[days + 1];
        for (int i = 0; i < days; i++) {
            LocalDate date = first.plusDays(i);
            boolean working = workingDow[date.getDayOfWeek().getValue()]
                    && !holidays.contains(date)
                    && !extraClosures.contains(date);
            long len = 0;
            if (working) {
                // ZonedDateTime resolves a DST gap or overlap; the day's length is the real elapsed time.
                open[i] = nanos(ZonedDateTime.of(date, openingTime, zone).toInstant());
                close[i] = nanos(ZonedDateTime.of(date, closingTime, zone).toInstant());
                len = Math.max(0, close[i] - open[i]);
                if (len == 0) {
                    open[i] = 0;
                    close[i] = 0;
                }
            }
            cum[i + 1] = cum[i] + len;
        }
        return new YearTable(days, open, close, cum);
    }

    /** One year's days: opening and closing instants (epoch nanos; equal for a closed day) and running working time. */
    private static final class YearTable {
        final int days;
        final long[] open;
        final long[] close;
        /** cum[i]: working nanos in the days before day index i; cum[days] is the year's total. */
        final long[] cum;

        YearTable(int days, long[] open, long[] close, long[] cum) {
            this.days = days;
            this.open = open;
            this.close = close;
            this.cum = cum;
        }

        boolean working(int i) {
            return close[i] > open[i];
        }

        long total() {
            return cum[days];
        }

        /** Working nanos from the start of the year up to instant {@code t}, which falls on day index {@code i}. */
        long workedBefore(int i, long t) {
            if (!working(i) || t <= open[i]) {
                return cum[i];
            }
            return cum[i] + Math.min(t - open[i], close[i] - open[i]);
        }

        /** The day index on which the running working time reaches {@code target} (0 &lt; target &le; total). */
        int dayReaching(long target) {
            int lo = 1;
            int hi = days;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cum[mid] >= target) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo - 1;
        }
    }

    @Override
    public String toString() {
        return "BusinessCalendar[" + name + ": " + workingDays.size() + " days a week " + openingTime + "–" + closingTime + " " + zone
                + ", " + extraClosures.size() + " extra closures, " + bankHolidays + "]";
    }

    // ------------------------------------------------------------------ builder

    public static final class Builder {
        private final BankHolidays bankHolidays;
        private String name = "default";
        private ZoneId zone = ZoneId.of("Europe/London");
        private LocalTime openingTime = LocalTime.of(8, 30);
        private LocalTime closingTime = LocalTime.of(17, 30);
        private Set<DayOfWeek> workingDays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        private List<LocalDate> extraClosures = List.of();

        private Builder(BankHolidays bankHolidays) {
            this.bankHolidays = bankHolidays;
        }

        /** A name for messages, e.g. the product id. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        public Builder openingTime(LocalTime openingTime) {
            this.openingTime = openingTime;
            return this;
        }

        public Builder closingTime(LocalTime closingTime) {
            this.closingTime = closingTime;
            return this;
        }

        public Builder workingDays(Collection<DayOfWeek> workingDays) {
            this.workingDays = workingDays == null || workingDays.isEmpty() ? Set.of() : EnumSet.copyOf(workingDays);
            return this;
        }

        public Builder extraClosures(Collection<LocalDate> extraClosures) {
            this.extraClosures = extraClosures == null ? List.of() : List.copyOf(extraClosures);
            return this;
        }

        public BusinessCalendar build() {
            return new BusinessCalendar(this);
        }
    }
}
