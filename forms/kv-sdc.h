/* kv-sdc.h — statistical disclosure control for aggregates that leave the
 * system (the NHS secondary-care small-number rule, docs/domain.md §4):
 * 0 stays 0; 1–7 becomes "*"; other counts are rounded to the nearest 5;
 * percentages are computed from the rounded values; a mean or median over
 * fewer than 8 people is "*".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KV_SDC_MARK        "*"
#define KV_SDC_MIN_PEOPLE  8

typedef enum
{
  KV_SDC_SHOWN,       /* the value may be published */
  KV_SDC_SUPPRESSED,  /* publish "*" */
  KV_SDC_UNDEFINED,   /* nothing to publish (e.g. a percentage of 0) */
} KvSdcStatus;

/* @rounded gets 0, or the count rounded to the nearest 5. */
KvSdcStatus  kv_sdc_count          (guint        n,
                                    guint       *rounded);
/* 100 · rounded(numerator) / rounded(denominator). */
KvSdcStatus  kv_sdc_percent        (guint        numerator,
                                    guint        denominator,
                                    double      *percent);
/* Whether a mean, median or other statistic over @n_people may be shown:
 * KV_SDC_UNDEFINED over nobody, KV_SDC_SUPPRESSED under 8 people. */
KvSdcStatus  kv_sdc_statistic      (guint        n_people);

/* Text forms used by every report: "0", "*", "15"; "*", "", "33.3". */
char        *kv_sdc_format_count   (guint        n);
char        *kv_sdc_format_percent (guint        numerator,
                                    guint        denominator);
/* @value formatted with one decimal; "*" when 0 < n_people < 8; "" when 0. */
char        *kv_sdc_format_statistic (double     value,
                                      guint      n_people);

G_END_DECLS
