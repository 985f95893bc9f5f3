package com.cfh.supporthub.email;

import java.util.Locale;

/**
 * A non-body part of a message: a file, an inline image, a forwarded message, a TNEF winmail.dat,
 * a delivery-status report. {@code size} and {@code sha256} always describe the decoded content;
 * {@code content} is null when the part was over the size limit, and {@code skippedReason} then
 * says so.
 *
 * @param fileName      decoded name (RFC 2047 / RFC 2231), or a generated one such as {@code forwarded-1.eml}
 * @param contentType   base type in lower case, e.g. {@code application/pdf}
 * @param size          decoded size in bytes
 * @param sha256        lower-case hex SHA-256 of the decoded content
 * @param inline        shown inside the HTML body (disposition inline, or referenced by {@code cid:})
 * @param contentId     Content-ID without angle brackets, or null
 * @param content       the decoded bytes, or null when skipped
 * @param skippedReason why the bytes were not kept, or null when they were
 */
public record ParsedAttachment(String fileName, String contentType, long size, String sha256, boolean inline,
        String contentId, byte[] content, String skippedReason) {

    public boolean skipped() {
        return content == null;
    }

    /** A Microsoft TNEF container (winmail.dat), kept as it came. */
    public boolean tnef() {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return type.equals("application/ms-tnef") || type.equals("application/vnd.ms-tnef")
                || (fileName != null && fileName.equalsIgnoreCase("winmail.dat"));
    }

    /** A message attached or forwarded as {@code message/rfc822}. */
    public boolean message() {
        return "message/rfc822".equalsIgnoreCase(contentType) || "message/global".equalsIgnoreCase(contentType);
    }

    @Override
    public String toString() {
        return "ParsedAttachment[" + fileName + ", " + contentType + ", " + size + " bytes, sha256=" + sha256
                + (inline ? ", inline" : "") + (contentId != null ? ", cid=" + contentId : "")
                + (skippedReason != null ? ", skipped: " + skippedReason : "") + "]";
    }
}
