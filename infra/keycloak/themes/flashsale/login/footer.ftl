<#--
  keycloak.v2's documented hook (empty upstream), rendered at the bottom of every login page. Overriding it instead
  of register.ftl keeps upstream's templates uncopied.
  On the registration page it lists the realm's password policy up front. The rules are written in the footer and
  the script below moves them under the password field and ties them to it (aria-describedby); without the
  script, or if an upgrade changes the field's markup, they stay readable here.
-->
<#macro content>
<div class="flashsale-footer">
  <#if (pageId!"") == "register" && passwordPolicies??>
    <div id="flashsale-password-rules" class="flashsale-password-rules">
      <p class="flashsale-password-rules__title">${msg("flashsalePasswordRulesTitle")}</p>
      <ul>
        <#if passwordPolicies.length??><li>${msg("flashsalePasswordRuleLength", passwordPolicies.length?c)}</li></#if>
        <#if passwordPolicies.maxLength??><li>${msg("flashsalePasswordRuleMaxLength", passwordPolicies.maxLength?c)}</li></#if>
        <#if passwordPolicies.digits??><li>${msg("flashsalePasswordRuleDigits", passwordPolicies.digits?c)}</li></#if>
        <#if passwordPolicies.lowerCase??><li>${msg("flashsalePasswordRuleLowerCase", passwordPolicies.lowerCase?c)}</li></#if>
        <#if passwordPolicies.upperCase??><li>${msg("flashsalePasswordRuleUpperCase", passwordPolicies.upperCase?c)}</li></#if>
        <#if passwordPolicies.specialChars??><li>${msg("flashsalePasswordRuleSpecialChars", passwordPolicies.specialChars?c)}</li></#if>
        <#if passwordPolicies.notEmail?? || (passwordPolicies.notUsername?? && realm.registrationEmailAsUsername)>
          <li>${msg("flashsalePasswordRuleNotEmail")}</li>
        <#elseif passwordPolicies.notUsername??>
          <li>${msg("flashsalePasswordRuleNotUsername")}</li>
        </#if>
      </ul>
    </div>
    <script>
      (function () {
        var rules = document.getElementById("flashsale-password-rules");
        var field = document.getElementById("password");
        var group = field && field.closest(".${properties.kcFormGroupClass?split(' ')[0]}");
        var helper = group && group.querySelector(".${properties.kcFormHelperTextClass?split(' ')[0]}");
        if (!rules || !helper) return;
        // Before the field's helper text, not in it: that one is an aria-live region.
        helper.before(rules);
        var error = document.getElementById("input-error-password");
        field.setAttribute("aria-describedby", error ? rules.id + " " + error.id : rules.id);
      })();
    </script>
  </#if>
  <p class="flashsale-back">
    <a id="flashsale-back-to-shop" href="${(client.baseUrl)?has_content?then(client.baseUrl, properties.shopUrl)}">${msg("flashsaleBackToShop")}</a>
  </p>
</div>
</#macro>
