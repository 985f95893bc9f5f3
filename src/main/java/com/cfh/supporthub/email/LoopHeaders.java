package com.cfh.supporthub.email;

/**
 * Header facts that loop protection decides on (P03). Only what the message says, no decision:
 * values are unfolded and trimmed, null when the header is absent.
 *
 * @param autoSubmitted         {@code Auto-Submitted} (RFC 3834), e.g. {@code auto-replied}
 * @param precedence            {@code Precedence}, e.g. {@code bulk}
 * @param xAutoreply            an {@code X-Autoreply} header is present
 * @param xAutorespond          an {@code X-Autorespond} header is present
 * @param xAutoResponseSuppress {@code X-Auto-Response-Suppress} (Exchange)
 * @param returnPath            {@code Return-Path} as written, e.g. {@code <>}
 * @param reportType            {@code report-type} of a top-level {@code multipart/report}, or null
 */
public record LoopHeaders(String autoSubmitted, String precedence, boolean xAutoreply, boolean xAutorespond,
        String xAutoResponseSuppress, String returnPath, String reportType) {

    /** A delivery status notification: {@code multipart/report; report-type=delivery-status}. */
    public boolean deliveryStatusReport() {
        return "delivery-status".equalsIgnoreCase(reportType);
    }

    /** {@code Return-Path: <>}, the null sender of bounces and many auto-replies. */
    public boolean emptyReturnPath() {
        return returnPath != null && returnPath.replaceAll("\\s+", "").equals("<>");
    }
}
