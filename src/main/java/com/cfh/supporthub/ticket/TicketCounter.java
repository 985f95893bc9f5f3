package com.cfh.supporthub.ticket;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The next number of a product's human ticket key; locked while numbers are taken. */
@Entity
@Table(name = "ticket_counter")
public class TicketCounter {

    @Id
    @Column(length = 32)
    private String product;

    @Column(name = "next_number", nullable = false)
    private long nextNumber;

    protected TicketCounter() {
    }

    public TicketCounter(String product) {
        this.product = product;
        this.nextNumber = 1;
    }

    /** Takes {@code count} consecutive numbers and returns the first. */
    public long take(int count) {
        long first = nextNumber;
        nextNumber += count;
        return first;
    }

    public String getProduct() { return product; }
    public long getNextNumber() { return nextNumber; }
}
