package com.cfh.supporthub.widget;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the "Ask us a Question" widget posts (P05). */
public record WidgetTicketRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String product, String name, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String email,
                                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String subject, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String message,
                                  String pageUrl) {
}
