package com.cfh.supporthub.privacy;

import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.cfh.supporthub.config.HubProperties;

/** {@code hub.retention.*}: how long ticket data is held after resolution or closure (P13) and the purge schedule. */
@ConfigurationProperties(prefix = "hub.retention")
public class RetentionProperties {

    /** Data is held this long after a ticket was resolved or closed. */
    private Period keep = Period.ofYears(2);
    private HubProperties.Schedule schedule = new HubProperties.Schedule("0 30 2 * * ?");

    public RetentionProperties() {
        schedule.setBatchSize(100);
        schedule.setMaxBatches(500);
    }

    public Period getKeep() { return keep; }
    public void setKeep(Period keep) { this.keep = keep; }
    public HubProperties.Schedule getSchedule() { return schedule; }
    public void setSchedule(HubProperties.Schedule schedule) { this.schedule = schedule; }
}
