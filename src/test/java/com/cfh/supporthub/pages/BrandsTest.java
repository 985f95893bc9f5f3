package com.cfh.supporthub.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.config.HubProperties;

/** Product colours (issue 18 item 2): WCAG 2 contrast is computed as the standard defines it and enforced at start-up. */
class BrandsTest {

    static HubProperties hub(String primary, String onPrimary) {
        HubProperties hub = TemplatesTest.hub();
        hub.getProducts().get("runmy").getBrand().setPrimaryColour(primary);
        hub.getProducts().get("runmy").getBrand().setOnPrimaryColour(onPrimary);
        return hub;
    }

    @Test
    @DisplayName("Contrast ratios match WCAG 2's examples: black on white 21:1, #767676 on white 4.54:1")
    void contrastAsWcagDefinesIt() {
        assertThat(Brands.contrast(Brands.rgb("k", "#000000"), Brands.rgb("k", "#ffffff"))).isCloseTo(21.0, within(0.001));
        assertThat(Brands.contrast(Brands.rgb("k", "#767676"), Brands.rgb("k", "#ffffff"))).isCloseTo(4.54, within(0.01));
        assertThat(Brands.contrast(Brands.rgb("k", "#777777"), Brands.rgb("k", "#ffffff"))).isLessThan(Brands.AA);
    }

    @Test
    @DisplayName("The configured colours pass AA; a pale primary colour or unreadable text on it stops the start")
    void startRefusesColoursBelowAa() {
        new Brands(hub("#0b6e4f", "#ffffff")).afterPropertiesSet();
        assertThatThrownBy(() -> new Brands(hub("#7fc8a9", "#ffffff")).afterPropertiesSet())
                .hasMessageContaining("hub.products.runmy.brand.primary-colour").hasMessageContaining("4.5:1");
        assertThatThrownBy(() -> new Brands(hub("#0b6e4f", "#1a1a1a")).afterPropertiesSet())
                .hasMessageContaining("on-primary-colour");
        assertThatThrownBy(() -> new Brands(hub("green", "#ffffff")).afterPropertiesSet())
                .hasMessageContaining("is not a colour #rrggbb");
    }

    @Test
    @DisplayName("GET /brand/<product>.css gives the product's colours as custom properties")
    void cssOfAProduct() {
        assertThat(new Brands(hub("#0b6e4f", "#ffffff")).css("runmy.css"))
                .contains("--brand: #0b6e4f;").contains("--on-brand: #ffffff;");
    }
}
