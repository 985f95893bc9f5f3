package com.cfh.supporthub.pages;

import java.util.Locale;
import java.util.Map;

import org.apache.camel.Header;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.web.ProblemException;

/**
 * Each product's page colours ({@code hub.products.<id>.brand.*}, issue 18): checked for WCAG 2 AA contrast
 * (4.5:1 for normal text) when the hub starts, and served as a small style sheet of CSS custom properties,
 * {@code GET /brand/<product>.css}, which the pages' layout links after {@code /assets/pages.css}.
 */
@Component("brands")
public class Brands implements InitializingBean {

    /** WCAG 2.x AA for normal-size text. */
    public static final double AA = 4.5;
    private static final String TEXT = "#1a1a1a";
    private static final String WHITE = "#ffffff";

    private final HubProperties hub;

    public Brands(HubProperties hub) {
        this.hub = hub;
    }

    @Override
    public void afterPropertiesSet() {
        hub.getProducts().forEach(this::check);
    }

    private void check(String id, HubProperties.Product product) {
        HubProperties.Brand b = product.getBrand();
        String where = "hub.products." + id + ".brand.";
        require(where + "primary-colour", b.getPrimaryColour(), WHITE, "white (links and buttons on the page)");
        require(where + "on-primary-colour", b.getOnPrimaryColour(), b.getPrimaryColour(), "the primary colour");
        require(where + "background-colour", TEXT, b.getBackgroundColour(), "the page text " + TEXT);
    }

    private static void require(String key, String colour, String against, String what) {
        double ratio = contrast(rgb(key, colour), rgb(key, against));
        if (ratio < AA) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%s: %s has a contrast of %.2f:1 against %s; "
                    + "WCAG AA needs %.1f:1.", key, colour, ratio, what, AA));
        }
    }

    /** {@code GET /brand/{product}.css}: the product's colours as custom properties. */
    public String css(@Header("product") String product) {
        String id = product == null ? "" : product.replaceFirst("\\.css$", "");
        HubProperties.Brand b = hub.product(id).orElseThrow(() -> ProblemException.notFound("No product " + id + "."))
                .getBrand();
        return ":root {\n  --brand: " + b.getPrimaryColour() + ";\n  --on-brand: " + b.getOnPrimaryColour()
                + ";\n  --page-bg: " + b.getBackgroundColour() + ";\n}\n";
    }

    /** The colours of a product for a template model (null product: the defaults). */
    public Map<String, String> colours(String product) {
        HubProperties.Brand b = hub.product(product).map(HubProperties.Product::getBrand).orElseGet(HubProperties.Brand::new);
        return Map.of("primary", b.getPrimaryColour(), "onPrimary", b.getOnPrimaryColour(),
                "background", b.getBackgroundColour());
    }

    /** WCAG 2.x contrast ratio of two sRGB colours, from 1 to 21. */
    public static double contrast(int[] a, int[] b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(int[] rgb) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double s = rgb[i] / 255.0;
            c[i] = s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    static int[] rgb(String key, String colour) {
        if (colour == null || !colour.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalStateException(key + ": " + colour + " is not a colour #rrggbb.");
        }
        int v = Integer.parseInt(colour.substring(1), 16);
        return new int[] {v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff};
    }
}
