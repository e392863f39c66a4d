/**
 * A few entries of Meta's template library, in the shape ListWhatsAppTemplateLibrary returns
 * (MetaLibraryTemplateDefinition of the SDK model). Names follow Meta's library naming
 * (`<use_case>_<n>`); texts are written for the sandbox, not copied from Meta.
 */
export interface LibraryButton {
  type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER';
  text: string;
  url?: string;
  phoneNumber?: string;
}

export interface LibraryTemplate {
  templateName: string;
  templateLanguage: string;
  templateCategory: 'UTILITY' | 'AUTHENTICATION';
  templateTopic: string;
  templateUseCase: string;
  templateIndustry: string[];
  templateHeader?: string;
  templateBody: string;
  templateButtons: LibraryButton[];
  templateId: string;
  templateBodyExampleParams: string[];
}

export const TEMPLATE_LIBRARY: LibraryTemplate[] = [
  {
    templateName: 'payment_reminder_1',
    templateLanguage: 'en_US',
    templateCategory: 'UTILITY',
    templateTopic: 'PAYMENTS',
    templateUseCase: 'PAYMENT_REMINDER',
    templateIndustry: ['E_COMMERCE', 'FINANCIAL_SERVICES'],
    templateHeader: 'Payment reminder',
    templateBody: 'Hi {{1}}, this is a reminder that your payment of {{2}} for order {{3}} is due on {{4}}.',
    templateButtons: [{ type: 'URL', text: 'Pay now', url: 'https://www.example.com/pay/{{1}}' }],
    templateId: '1021564938471092',
    templateBodyExampleParams: ['Pablo', '₹499.00', '#12345', 'Jan 31'],
  },
  {
    templateName: 'order_confirmation_1',
    templateLanguage: 'en_US',
    templateCategory: 'UTILITY',
    templateTopic: 'ORDER_MANAGEMENT',
    templateUseCase: 'ORDER_CONFIRMATION',
    templateIndustry: ['E_COMMERCE'],
    templateHeader: 'Order confirmed',
    templateBody: 'Thank you for your order, {{1}}! Your order number is {{2}}. We will let you know when it ships.',
    templateButtons: [{ type: 'URL', text: 'View order', url: 'https://www.example.com/orders/{{1}}' }],
    templateId: '1021564938471093',
    templateBodyExampleParams: ['Pablo', '#12345'],
  },
  {
    templateName: 'delivery_update_1',
    templateLanguage: 'en_US',
    templateCategory: 'UTILITY',
    templateTopic: 'ORDER_MANAGEMENT',
    templateUseCase: 'DELIVERY_UPDATE',
    templateIndustry: ['E_COMMERCE'],
    templateBody: 'Good news {{1}}! Your order {{2}} is out for delivery and should arrive by {{3}}.',
    templateButtons: [{ type: 'QUICK_REPLY', text: 'Contact support' }],
    templateId: '1021564938471094',
    templateBodyExampleParams: ['Pablo', '#12345', '6 PM'],
  },
  {
    templateName: 'appointment_reminder_1',
    templateLanguage: 'en_US',
    templateCategory: 'UTILITY',
    templateTopic: 'EVENT_REMINDER',
    templateUseCase: 'APPOINTMENT_REMINDER',
    templateIndustry: ['HEALTH', 'PROFESSIONAL_SERVICES'],
    templateBody: 'Hello {{1}}, this is a reminder of your appointment on {{2}} at {{3}}.',
    templateButtons: [
      { type: 'QUICK_REPLY', text: 'Confirm' },
      { type: 'QUICK_REPLY', text: 'Reschedule' },
    ],
    templateId: '1021564938471095',
    templateBodyExampleParams: ['Pablo', 'Jan 31', '10:00 AM'],
  },
  {
    templateName: 'payment_reminder_1',
    templateLanguage: 'hi',
    templateCategory: 'UTILITY',
    templateTopic: 'PAYMENTS',
    templateUseCase: 'PAYMENT_REMINDER',
    templateIndustry: ['E_COMMERCE', 'FINANCIAL_SERVICES'],
    templateBody: 'नमस्ते {{1}}, आपके ऑर्डर {{3}} के लिए {{2}} का भुगतान {{4}} तक देय है।',
    templateButtons: [{ type: 'URL', text: 'अभी भुगतान करें', url: 'https://www.example.com/pay/{{1}}' }],
    templateId: '1021564938471096',
    templateBodyExampleParams: ['Pablo', '₹499.00', '#12345', 'Jan 31'],
  },
];

/** Filters of ListWhatsAppTemplateLibrary (`filters` map): searchKey, topic, usecase, industry, language. */
export function filterLibrary(filters: Record<string, string>): LibraryTemplate[] {
  const eq = (a: string | undefined, b: string) => a === undefined || a.toUpperCase() === b.toUpperCase();
  return TEMPLATE_LIBRARY.filter(
    (t) =>
      eq(filters.topic, t.templateTopic) &&
      eq(filters.usecase, t.templateUseCase) &&
      (filters.industry === undefined || t.templateIndustry.some((i) => eq(filters.industry, i))) &&
      (filters.language === undefined || filters.language === t.templateLanguage) &&
      (filters.searchKey === undefined || `${t.templateName} ${t.templateBody}`.toLowerCase().includes(filters.searchKey.toLowerCase())),
  );
}
