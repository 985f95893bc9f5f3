package com.cfh.supporthub.widget;

/** What the "Ask us a Question" widget posts (P05). */
public record WidgetTicketRequest(String product, String name, String email, String subject, String message,
                                  String pageUrl) {
}
